using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using OewgDrafting.Api.Tests.Infrastructure;

namespace OewgDrafting.Api.Tests;

/// <summary>
/// The response check (<see cref="ContractValidation"/>) stands between every test and the API. These tests show
/// that it can fail — a body, status or media type the description does not allow is caught — and that the
/// description itself keeps the promises a generated client relies on.
/// </summary>
public class ContractValidationTests(EmptyDatabaseFactory factory) : IClassFixture<EmptyDatabaseFactory>
{
    private static string? Check(string operationId, int status, string contentType, string body) =>
        ContractValidation.Check(operationId, status, contentType, Encoding.UTF8.GetBytes(body));

    private const string Delegation =
        """{"code":"FRA","name":"France","kind":"memberState","role":"delegation","active":true,"members":[],"createdAt":"2026-11-28T10:00:00+00:00"}""";

    [Fact]
    public void A_body_that_matches_its_schema_passes() =>
        Assert.Null(Check("GetDelegation", 200, "application/json; charset=utf-8", Delegation));

    [Fact]
    public void A_missing_required_property_is_a_violation()
    {
        var body = JsonNode.Parse(Delegation)!.AsObject();
        body.Remove("role");
        var violation = Check("GetDelegation", 200, "application/json", body.ToJsonString());
        Assert.NotNull(violation);
        Assert.Contains("does not match its schema", violation);
    }

    [Fact]
    public void A_property_the_schema_does_not_know_is_a_violation() =>
        Assert.NotNull(Check("GetDelegation", 200, "application/json", Delegation.Replace("\"active\"", "\"extra\":1,\"active\"", StringComparison.Ordinal)));

    [Fact]
    public void A_value_outside_its_enum_is_a_violation() =>
        Assert.NotNull(Check("GetDelegation", 200, "application/json", Delegation.Replace("\"delegation\"", "\"president\"", StringComparison.Ordinal)));

    [Fact]
    public void A_null_where_the_schema_does_not_allow_one_is_a_violation() =>
        Assert.NotNull(Check("GetDelegation", 200, "application/json", Delegation.Replace("\"France\"", "null", StringComparison.Ordinal)));

    [Fact]
    public void A_status_the_operation_does_not_document_is_a_violation()
    {
        var violation = Check("GetDelegation", 418, "application/json", "{}");
        Assert.NotNull(violation);
        Assert.Contains("does not list", violation);
    }

    [Fact]
    public void A_media_type_the_status_does_not_document_is_a_violation() =>
        Assert.NotNull(Check("GetDelegation", 200, "text/html", "<p>France</p>"));

    [Fact]
    public void A_problem_body_is_checked_against_the_problem_schema()
    {
        Assert.Null(Check("GetDelegation", 404, "application/problem+json", """{"type":"about:blank","title":"Not Found","status":404,"detail":"No delegation XYZ."}"""));
        Assert.NotNull(Check("GetDelegation", 404, "application/problem+json", """{"title":404}"""));
    }

    [Fact]
    public void An_unknown_operation_is_a_violation() =>
        Assert.NotNull(Check("NoSuchOperation", 200, "application/json", "{}"));

    [Fact]
    public async Task Responses_from_the_host_are_checked_on_their_way_to_the_test()
    {
        var client = factory.ChairClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/delegations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/delegations/XYZ")).StatusCode);
        Assert.Contains("200", ContractValidation.Checked["ListDelegations"].Keys);
        Assert.Contains("404", ContractValidation.Checked["GetDelegation"].Keys);
    }

    [Fact]
    public void Every_path_parameter_is_declared_by_each_of_its_operations()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot, "api-specs", "openapi.json")))!;
        var missing = new List<string>();
        foreach (var (path, item) in spec["paths"]!.AsObject())
        {
            var names = System.Text.RegularExpressions.Regex.Matches(path, @"\{(\w+)\}").Select(m => m.Groups[1].Value);
            foreach (var (method, operation) in item!.AsObject())
            {
                var declared = (operation!["parameters"]?.AsArray() ?? [])
                    .Where(p => (string?)p!["in"] == "path").Select(p => (string)p!["name"]!).ToHashSet();
                missing.AddRange(names.Where(n => !declared.Contains(n)).Select(n => $"{method} {path}: {n}"));
            }
        }

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_response_schema_with_properties_says_which_are_required()
    {
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(Fixtures.RepositoryRoot, "api-specs", "openapi.json")))!;
        var without = spec["components"]!["schemas"]!.AsObject()
            .Where(s => !s.Key.EndsWith("Request", StringComparison.Ordinal)
                        && s.Value!["properties"] is JsonObject { Count: > 0 }
                        && s.Value["required"] is not JsonArray { Count: > 0 }
                        && !(s.Value["allOf"]?.AsArray() ?? []).Any(part => part!["required"] is JsonArray { Count: > 0 }))
            .Select(s => s.Key);
        Assert.Empty(without);
    }
}
