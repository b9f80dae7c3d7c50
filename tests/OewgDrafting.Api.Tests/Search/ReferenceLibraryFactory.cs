using System.Net;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Tests.Infrastructure;
using static OewgDrafting.Api.Tests.Infrastructure.HttpExtensions;

namespace OewgDrafting.Api.Tests.Search;

/// <summary>
/// A fresh server with three reference texts: the seed (the OEWG's final report), and two short texts written for
/// these tests that share sentences and words with it: a resolution (A/RES/75/240) and a progress report (A/77/275).
/// </summary>
public sealed class ReferenceLibraryFactory : DraftingApiFactory
{
    public const string Resolution = """
        Asamblea General

        Resolución aprobada por la Asamblea General el 31 de diciembre de 2020

        Avances en la esfera de la información y las telecomunicaciones en el contexto de la seguridad internacional

        I. Decisiones

        1. Decide establecer un nuevo grupo de trabajo de composición abierta sobre la seguridad de las tecnologías de la información y las comunicaciones y de su uso (2021-2025).

        2. Subraya la importancia de las medidas de fomento de la confianza y la creación de capacidad.

        3. Exhorta a los Estados a proseguir las negociaciones sobre la seguridad en la utilización de las tecnologías de la información y las comunicaciones.
        """;

    public const string ProgressReport = """
        Asamblea General

        Informe anual sobre los progresos realizados por el grupo de trabajo

        I. Organización

        1. El grupo de trabajo celebró su período de sesiones de organización y sus períodos de sesiones sustantivos primero, segundo y tercero.

        2. Las delegaciones destacaron que el derecho internacional se aplica a la utilización de las tecnologías de la información y las comunicaciones por los Estados.
        """;

    private readonly Lazy<Task<Library>> _library;

    public ReferenceLibraryFactory()
    {
        _library = new Lazy<Task<Library>>(ImportAsync);
        // After the seed's adoption: a reference text was adopted before it is imported.
        Clock.SetUtcNow(new DateTimeOffset(2025, 12, 1, 10, 0, 0, TimeSpan.Zero));
    }

    protected override bool SeedDemo => false;

    public Task<Library> LibraryAsync() => _library.Value;

    private async Task<Library> ImportAsync()
    {
        var chair = ChairClient();
        foreach (var code in new[] { "ESP", "FRA" })
        {
            await EnsureDelegationAsync(code);
        }

        async Task<DocumentResponse> Import(string text, string symbol, string adoptedOn, string body)
        {
            var response = await chair.PostAsync($"/api/documents/import?kind=reference&symbol={Uri.EscapeDataString(symbol)}&language=es"
                + $"&adoptedOn={adoptedOn}&adoptedBy={Uri.EscapeDataString(body)}", TextBody(text));
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return await response.ReadAsync<DocumentResponse>();
        }

        return new Library(
            await Import(Fixtures.Seed, "A/AC.292/2025/L.1", "2025-07-11", "Open-ended working group"),
            await Import(Resolution, "A/RES/75/240", "2020-12-31", "General Assembly"),
            await Import(ProgressReport, "A/77/275", "2022-07-28", "Open-ended working group"));
    }

    public sealed record Library(DocumentResponse Seed, DocumentResponse Resolution, DocumentResponse Report)
    {
        public IEnumerable<DocumentResponse> All => [Seed, Resolution, Report];
    }
}
