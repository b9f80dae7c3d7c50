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
    public static async Task<int> RunAsync(HttpClient http, string chairKey, int paragraphs, int searches, int precedents)
    {
        var random = new Random(28);
        var languages = SearchLibrary.Phrases.Keys.ToArray();
        var vocabulary = SearchLibrary.Vocabularies();
        var library = new List<string>();
        var started = Stopwatch.GetTimestamp();
        foreach (var ((language, texts), d) in SearchLibrary.Documents(random, vocabulary, paragraphs).Select((document, d) => (document, d)))
        {
            var body = new StringBuilder("Asamblea General\n\nReference text ").Append(d).Append("\n\nI. Text\n\n");
            foreach (var (paragraph, p) in texts.Select((t, i) => (t, i + 1)))
            {
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

        var queries = SearchLibrary.Queries.Values.SelectMany(q => q).ToArray();
        var searchTimes = await TimeAsync(searches, i =>
        {
            var q = Uri.EscapeDataString(i % 2 == 0 ? queries[i / 2 % queries.Length] : SearchLibrary.Zipf(random, vocabulary[languages[i % 3]]));
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
