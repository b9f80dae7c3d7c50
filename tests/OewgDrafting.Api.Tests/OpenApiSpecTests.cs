using System.Text.Json.Nodes;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Api.Tests;

/// <summary>
/// api-specs/openapi.json is the contract frontends build against: it must be exactly what the code serves.
/// After a deliberate API change, regenerate it with OEWG_UPDATE_API_SPEC=1 dotnet test and review the diff.
/// </summary>
public class OpenApiSpecTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    [Fact]
    public async Task The_checked_in_OpenAPI_document_is_the_one_the_app_serves()
    {
        var served = await factory.ChairClient().GetStringAsync("/swagger/v1/swagger.json");
        var normalised = JsonNode.Parse(served)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        var path = Path.Combine(Fixtures.RepositoryRoot, "api-specs", "openapi.json");

        if (Environment.GetEnvironmentVariable("OEWG_UPDATE_API_SPEC") == "1")
        {
            await File.WriteAllTextAsync(path, normalised);
        }

        Assert.True(File.Exists(path), "api-specs/openapi.json is missing: run OEWG_UPDATE_API_SPEC=1 dotnet test.");
        var checkedIn = (await File.ReadAllTextAsync(path)).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(checkedIn == normalised,
            "The API changed but api-specs/openapi.json did not. If the change is deliberate, run OEWG_UPDATE_API_SPEC=1 dotnet test and review the diff.");
    }

    [Fact]
    public async Task Swagger_UI_is_served()
    {
        var response = await factory.ChairClient().GetAsync("/swagger/index.html");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
