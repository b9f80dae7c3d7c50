using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

/// <summary>
/// Search and precedent latency over a library of reference texts: imports --paragraphs paragraphs (default 10,000) in
/// Spanish, English and French as reference documents through the API, then times --searches searches (words, stems,
/// phrases, prefixes, OR and NOT, some filtered) and --precedents precedent look-ups of 60-word texts, one after
/// another, and prints their latency percentiles as JSON. A paragraph is a third set phrases of the kind these texts
/// repeat, two thirds words drawn from a 5,000-word vocabulary per language with Zipf's frequencies, as in real text;
/// half the searches are those set phrases and common words, half words drawn from the vocabulary the same way.
/// </summary>
internal static class SearchLatency
{
    // Phrases of the kind these texts are made of, per language; paragraphs are drawn from them at random.
    private static readonly Dictionary<string, string[]> Phrases = new()
    {
        ["es"] =
        [
            "las medidas de fomento de la confianza", "la creación de capacidad", "el derecho internacional se aplica",
            "la seguridad de las tecnologías de la información y las comunicaciones", "el comportamiento responsable de los Estados",
            "las negociaciones sobre la seguridad", "un diálogo institucional periódico", "con amplia participación de los Estados",
            "las amenazas actuales y potenciales", "la protección de las infraestructuras críticas", "los principios de la Carta",
            "el grupo de trabajo de composición abierta", "por consenso", "la cooperación internacional", "los países en desarrollo",
            "la resolución aprobada por la Asamblea General", "el intercambio de información", "las normas voluntarias y no vinculantes",
        ],
        ["en"] =
        [
            "confidence-building measures", "capacity-building", "international law applies", "security of information and communications technologies",
            "responsible State behaviour", "negotiations on security", "a regular institutional dialogue", "with broad participation of States",
            "existing and potential threats", "the protection of critical infrastructure", "the principles of the Charter",
            "the open-ended working group", "by consensus", "international cooperation", "developing countries",
            "the resolution adopted by the General Assembly", "the exchange of information", "voluntary non-binding norms",
        ],
        ["fr"] =
        [
            "les mesures de confiance", "le renforcement des capacités", "le droit international s'applique",
            "la sécurité des technologies de l'information et des communications", "le comportement responsable des États",
            "les négociations sur la sécurité", "un dialogue institutionnel régulier", "avec une large participation des États",
            "les menaces existantes et potentielles", "la protection des infrastructures critiques", "les principes de la Charte",
            "le groupe de travail à composition non limitée", "par consensus", "la coopération internationale", "les pays en développement",
            "la résolution adoptée par l'Assemblée générale", "l'échange d'informations", "les normes volontaires et non contraignantes",
        ],
    };

    private static readonly Dictionary<string, string[]> Queries = new()
    {
        ["es"] = ["negociación", "\"medidas de fomento de la confianza\"", "tecnolog*", "cooperacion internacional", "Estados -desarrollo",
            "consenso OR diálogo", "\"derecho internacional\" amenazas", "infraestructuras críticas"],
        ["en"] = ["negotiation", "\"confidence-building measures\"", "technolog*", "international cooperation", "States -developing",
            "consensus OR dialogue", "\"international law\" threats", "critical infrastructure"],
        ["fr"] = ["négociation", "\"mesures de confiance\"", "technolog*", "cooperation internationale", "États -développement",
            "consensus OR dialogue", "\"droit international\" menaces", "infrastructures critiques"],
    };

    public static async Task<int> RunAsync(HttpClient http, string chairKey, int paragraphs, int searches, int precedents)
    {
        var random = new Random(28);
        var languages = Phrases.Keys.ToArray();
        var vocabulary = languages.ToDictionary(l => l, l => Vocabulary(new Random(l.GetHashCode(StringComparison.Ordinal)), 5_000));
        var library = new List<string>();
        const int PerDocument = 250;
        var started = Stopwatch.GetTimestamp();
        for (var d = 0; d * PerDocument < paragraphs; d++)
        {
            var language = languages[d % languages.Length];
            var body = new StringBuilder("Asamblea General\n\nReference text ").Append(d).Append("\n\nI. Text\n\n");
            for (var p = 1; p <= Math.Min(PerDocument, paragraphs - d * PerDocument); p++)
            {
                var paragraph = Paragraph(random, Phrases[language], vocabulary[language]);
                library.Add(paragraph);
                body.Append(p).Append(". ").Append(paragraph).Append("\n\n");
            }

            using var request = new HttpRequestMessage(HttpMethod.Post,
                $"/api/documents/import?kind=reference&symbol=A%2FREF%2F{d}%2F{Environment.TickCount64}&language={language}&adoptedOn=2020-01-01");
            request.Headers.Add("X-Api-Key", chairKey);
            request.Content = new StringContent(body.ToString(), Encoding.UTF8, "text/markdown");
            using var response = await http.SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                Console.Error.WriteLine($"import {d}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return 1;
            }
        }

        Console.Error.WriteLine($"imported {library.Count} paragraphs in {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s");

        var queries = Queries.Values.SelectMany(q => q).ToArray();
        var searchTimes = await TimeAsync(searches, i =>
        {
            var q = Uri.EscapeDataString(i % 2 == 0 ? queries[i / 2 % queries.Length] : Zipf(random, vocabulary[languages[i % 3]]));
            var filter = (i % 4) switch { 1 => "&type=paragraph", 2 => "&status=adopted", 3 => $"&language={languages[i % 3]}", _ => "" };
            return new HttpRequestMessage(HttpMethod.Get, $"/api/search?q={q}{filter}&limit=20");
        }, http, chairKey);

        var precedentTimes = await TimeAsync(precedents, i =>
        {
            // Sixty words: most of a paragraph of the library, then words of others (a partly agreed text).
            var words = library[random.Next(library.Count)].Split(' ').Take(40)
                .Concat(library[random.Next(library.Count)].Split(' ').Skip(5).Take(20)).Take(60);
            return new HttpRequestMessage(HttpMethod.Post, "/api/precedents") { Content = JsonContent.Create(new { text = string.Join(' ', words) }) };
        }, http, chairKey);

        Console.WriteLine(new JsonObject
        {
            ["paragraphs"] = library.Count,
            ["search"] = Summary(searchTimes),
            ["precedent60Words"] = Summary(precedentTimes),
        }.ToJsonString());
        return 0;
    }

    private static string Paragraph(Random random, string[] phrases, string[] vocabulary)
    {
        var words = new List<string>();
        var length = 40 + random.Next(40);
        while (words.Count < length)
        {
            if (random.Next(3) == 0)
            {
                words.AddRange(phrases[random.Next(phrases.Length)].Split(' '));
            }
            else
            {
                for (var i = 0; i < 4; i++)
                {
                    words.Add(Zipf(random, vocabulary));
                }
            }
        }

        var text = string.Join(' ', words);
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }

    /// <summary>Pronounceable made-up words (syllables), distinct, most frequent first.</summary>
    private static string[] Vocabulary(Random random, int size)
    {
        string[] syllables = ["ta", "ne", "ri", "co", "mu", "la", "se", "pro", "ven", "dor", "ci", "ga", "bel", "tor", "mi", "sa", "un", "es", "al", "po"];
        var words = new HashSet<string>(StringComparer.Ordinal);
        while (words.Count < size)
        {
            words.Add(string.Concat(Enumerable.Range(0, 2 + random.Next(3)).Select(_ => syllables[random.Next(syllables.Length)])));
        }

        return [.. words];
    }

    /// <summary>A word with Zipf's law: the k-th most frequent is drawn in proportion to 1/k.</summary>
    private static string Zipf(Random random, string[] vocabulary)
    {
        var harmonic = Math.Log(vocabulary.Length) + 0.5772;
        var target = random.NextDouble() * harmonic;
        var rank = (int)Math.Min(vocabulary.Length - 1, Math.Max(0, Math.Exp(target - 0.5772) - 1));
        return vocabulary[rank];
    }

    private static async Task<List<double>> TimeAsync(int count, Func<int, HttpRequestMessage> make, HttpClient http, string key)
    {
        var times = new List<double>(count);
        for (var i = -count / 10; i < count; i++)
        {
            using var request = make(Math.Abs(i));
            request.Headers.Add("X-Api-Key", key);
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{request.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            if (i >= 0)
            {
                times.Add(ms);
            }
        }

        return times;
    }

    private static JsonObject Summary(List<double> times)
    {
        times.Sort();
        double At(double q) => Math.Round(times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)], 2);
        return new JsonObject { ["requests"] = times.Count, ["p50ms"] = At(0.50), ["p99ms"] = At(0.99), ["maxMs"] = Math.Round(times[^1], 2) };
    }
}
