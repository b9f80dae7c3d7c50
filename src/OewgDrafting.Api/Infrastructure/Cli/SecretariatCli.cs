using System.CommandLine;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using OewgDrafting.Api.Features.Delegations;
using OewgDrafting.Api.Features.Documents;
using OewgDrafting.Api.Features.Events;
using OewgDrafting.Api.Infrastructure.Auth;
using OewgDrafting.Api.Infrastructure.Http;
using OewgDrafting.Api.Infrastructure.Persistence;
using OewgDrafting.Domain;
using OewgDrafting.Domain.Delegations;
using OewgDrafting.Domain.Events;

namespace OewgDrafting.Api.Infrastructure.Cli;

/// <summary>
/// The secretariat's command line, in the server's own executable: <c>dotnet OewgDrafting.Api.dll keys issue ESP</c>.
/// It works on the configured database (the same settings as the server), whether the server is stopped or running;
/// changes go through the same commands as the API and are recorded in the log as the actor <c>CLI</c>.
/// </summary>
public static class SecretariatCli
{
    public const string Actor = "CLI";

    private static readonly HashSet<string> Verbs = new(StringComparer.Ordinal)
    {
        "chair-key", "keys", "delegations", "import", "export", "events", "backup", "restore",
    };

    public static bool Handles(string[] args) => args.Length > 0 && (Verbs.Contains(args[0]) || args[0] is "--help" or "-h" or "help");

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(services, output);
        var parsed = root.Parse(args[0] == "help" ? ["--help"] : args);
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });
    }

    private static RootCommand Build(IServiceProvider services, TextWriter output)
    {
        var root = new RootCommand("OewgDrafting secretariat tools: they work on the configured database, with the server stopped or running.");

        var chairKey = new Command("chair-key", "The chair's key.");
        var reset = new Command("reset", "Issues a new chair key, prints it once, and revokes every other chair key.");
        reset.SetAction((_, ct) => Scoped(services, async (sp, mediator) =>
        {
            var issued = await mediator.Send(new ResetChairKey.Command(), ct);
            await output.WriteLineAsync($"New chair key (shown once; the old ones are revoked): {issued.Key}");
            return 0;
        }));
        chairKey.Subcommands.Add(reset);
        root.Subcommands.Add(chairKey);

        var keys = new Command("keys", "A delegation's keys.");
        var code = new Argument<string>("code") { Description = "The delegation's code, such as ESP." };
        var issue = new Command("issue", "Issues a key to a delegation and prints it once.") { code };
        issue.SetAction((parse, ct) => Scoped(services, async (_, mediator) =>
        {
            var issued = await mediator.Send(new IssueKey.Command(parse.GetValue(code)!), ct);
            await output.WriteLineAsync($"{issued.DelegationCode} key {issued.Id} (shown once): {issued.Key}");
            return 0;
        }));
        var list = new Command("list", "Lists a delegation's keys: id, created, last used, revoked.") { code };
        list.SetAction((parse, ct) => Scoped(services, async (_, mediator) =>
        {
            foreach (var key in await mediator.Send(new ListKeys.Query(parse.GetValue(code)!), ct))
            {
                await output.WriteLineAsync($"{key.Id}  created {key.CreatedAt:u}  last used {Show(key.LastUsedAt)}  {(key.Active ? "active" : $"revoked {key.RevokedAt:u}")}");
            }

            return 0;
        }));
        var keyId = new Option<Guid?>("--key") { Description = "Revoke only this key (its id); without it, every active key of the delegation." };
        var revoke = new Command("revoke", "Revokes a delegation's keys at once.") { code, keyId };
        revoke.SetAction((parse, ct) => Scoped(services, async (sp, mediator) =>
        {
            var delegation = parse.GetValue(code)!.Trim().ToUpperInvariant();
            var ids = parse.GetValue(keyId) is { } one
                ? [one]
                : (await mediator.Send(new ListKeys.Query(delegation), ct)).Where(k => k.Active).Select(k => k.Id).ToList();
            foreach (var id in ids)
            {
                await mediator.Send(new RevokeKey.Command(delegation, id), ct);
                await output.WriteLineAsync($"Revoked {delegation} key {id}.");
            }

            if (ids.Count == 0)
            {
                await output.WriteLineAsync($"{delegation} has no active key.");
            }

            return 0;
        }));
        keys.Subcommands.Add(issue);
        keys.Subcommands.Add(list);
        keys.Subcommands.Add(revoke);
        root.Subcommands.Add(keys);

        var delegations = new Command("delegations", "The registry of delegations.");
        var listDelegations = new Command("list", "Lists the delegations: code, kind, active, name.");
        listDelegations.SetAction((_, ct) => Scoped(services, async (_, mediator) =>
        {
            foreach (var d in await mediator.Send(new ListDelegations.Query(), ct))
            {
                await output.WriteLineAsync($"{d.Code,-8} {d.Kind.ToString().ToLowerInvariant(),-12} {(d.Active ? "active" : "inactive"),-9} {d.Name}");
            }

            return 0;
        }));
        delegations.Subcommands.Add(listDelegations);
        root.Subcommands.Add(delegations);

        var file = new Argument<FileInfo>("file") { Description = "A text in the seed's layout (.md, .txt), a Word document (.docx) or Akoma Ntoso (.xml, .akn)." };
        var symbol = new Option<string?>("--symbol") { Description = "The document's symbol, when the text does not give it." };
        var language = new Option<string?>("--language") { Description = "The document's language, when the text does not give it." };
        var import = new Command("import", "Imports a document as a draft.") { file, symbol, language };
        import.SetAction((parse, ct) => Scoped(services, async (_, mediator) =>
        {
            var path = parse.GetValue(file)!;
            var bytes = await File.ReadAllBytesAsync(path.FullName, ct);
            var imported = path.Extension.ToLowerInvariant() switch
            {
                ".docx" => Features.Formats.WordImporter.Import(bytes),
                ".xml" or ".akn" => Features.Formats.AkomaNtosoImporter.Import(bytes),
                _ => Domain.Import.UnDocumentImporter.Import(System.Text.Encoding.UTF8.GetString(bytes)),
            };
            var document = await mediator.Send(new ImportDocument.Command(imported, parse.GetValue(symbol), parse.GetValue(language)), ct);
            await output.WriteLineAsync($"Imported {document.Symbol} as {document.Id}: {document.Blocks.Count} blocks, {document.Warnings?.Count ?? 0} warnings.");
            foreach (var warning in document.Warnings ?? [])
            {
                await output.WriteLineAsync($"  line {warning.Line}: {warning.Message}");
            }

            return 0;
        }));
        root.Subcommands.Add(import);

        var document = new Argument<string>("document") { Description = "The document's id or symbol." };
        var format = new Option<string>("--format") { Description = "md, plain, html, json, docx or akn.", DefaultValueFactory = _ => "md" };
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file (required for docx); otherwise to the console." };
        var export = new Command("export", "Exports a document's clean text.") { document, format, outputFile };
        export.SetAction((parse, ct) => Scoped(services, async (sp, mediator) =>
        {
            var id = await ResolveAsync(sp.GetRequiredService<DraftingDbContext>(), parse.GetValue(document)!, ct);
            var chosen = parse.GetValue(format) switch
            {
                "md" or "markdown" => TextFormat.Markdown,
                "plain" or "txt" => TextFormat.PlainText,
                "html" => TextFormat.Html,
                "json" => TextFormat.Json,
                "docx" => TextFormat.Docx,
                "akn" => TextFormat.Akn,
                var other => throw new DomainValidationException("format", $"Unknown format '{other}': md, plain, html, json, docx or akn."),
            };
            var text = await mediator.Send(new GetDocumentText.Query(id), ct);
            var bytes = text.RenderBytes(chosen);
            if (parse.GetValue(outputFile) is { } target)
            {
                await File.WriteAllBytesAsync(target.FullName, bytes, ct);
                await output.WriteLineAsync($"Wrote {text.Document.Symbol} ({bytes.Length:N0} bytes) to {target.FullName}.");
            }
            else if (chosen == TextFormat.Docx)
            {
                throw new DomainValidationException("output", "A Word document is binary: give --output FILE.");
            }
            else
            {
                await output.WriteAsync(System.Text.Encoding.UTF8.GetString(bytes));
            }

            return 0;
        }));
        root.Subcommands.Add(export);

        var events = new Command("events", "A document's event log.");
        var verify = new Command("verify", "Recomputes the log's hash chain; exit code 1 when it breaks.") { document };
        verify.SetAction((parse, ct) => Scoped(services, async (sp, _) =>
        {
            var db = sp.GetRequiredService<DraftingDbContext>();
            var check = await VerifyDocumentEvents.VerifyAsync(db, await ResolveAsync(db, parse.GetValue(document)!, ct), ct);
            await output.WriteLineAsync(check.Valid
                ? $"The log holds: {check.Verified} events, head {check.HeadHash}."
                : $"The log breaks at event {check.FirstBadSequence}: {check.Problem}. {check.Verified} events hold before it.");
            return check.Valid ? 0 : 1;
        }));
        events.Subcommands.Add(verify);
        root.Subcommands.Add(events);

        var path = new Argument<FileInfo>("path") { Description = "The backup file." };
        var backup = new Command("backup", "Copies the SQLite database to a file, consistently even while the server writes (SQLite's online backup).") { path };
        backup.SetAction((parse, ct) => Scoped(services, async (sp, _) =>
        {
            var connections = sp.GetRequiredService<DraftingConnections>();
            if (connections.Provider != DatabaseProvider.Sqlite)
            {
                await output.WriteLineAsync("This database is PostgreSQL: back it up with pg_dump (pg_dump -Fc \"$DATABASE_URL\" > oewg.dump) and restore with pg_restore into a fresh database.");
                return 2;
            }

            var target = parse.GetValue(path)!;
            await using var source = new SqliteConnection(connections.ConnectionString);
            await source.OpenAsync(ct);
            await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target.FullName, Pooling = false }.ToString());
            await destination.OpenAsync(ct);
            source.BackupDatabase(destination);
            await output.WriteLineAsync($"Backed up to {target.FullName} ({new FileInfo(target.FullName).Length:N0} bytes).");
            return 0;
        }));
        root.Subcommands.Add(backup);

        var force = new Option<bool>("--force") { Description = "Overwrite a database that already holds documents or delegations." };
        var restore = new Command("restore", "Restores the SQLite database from a backup; stop the server first.") { path, force };
        restore.SetAction((parse, ct) => Scoped(services, async (sp, _) =>
        {
            var connections = sp.GetRequiredService<DraftingConnections>();
            if (connections.Provider != DatabaseProvider.Sqlite)
            {
                await output.WriteLineAsync("This database is PostgreSQL: restore a pg_dump with pg_restore into a fresh database.");
                return 2;
            }

            var from = parse.GetValue(path)!;
            if (!from.Exists)
            {
                await output.WriteLineAsync($"No backup at {from.FullName}.");
                return 1;
            }

            var db = sp.GetRequiredService<DraftingDbContext>();
            var holds = await db.Documents.AnyAsync(ct) || await db.Delegations.AnyAsync(d => d.Code != Delegation.ChairCode, ct);
            if (holds && !parse.GetValue(force))
            {
                await output.WriteLineAsync("The database already holds documents or delegations: restoring would replace them. Add --force to do so.");
                return 1;
            }

            await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = from.FullName, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await source.OpenAsync(ct);
            await using var destination = new SqliteConnection(connections.ConnectionString);
            await destination.OpenAsync(ct);
            source.BackupDatabase(destination);
            SqliteConnection.ClearAllPools();
            await output.WriteLineAsync($"Restored from {from.FullName}.");
            return 0;
        }));
        root.Subcommands.Add(restore);
        return root;
    }

    private static string Show(DateTimeOffset? time) => time is { } t ? t.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never";

    private static async Task<Guid> ResolveAsync(DraftingDbContext db, string document, CancellationToken ct)
    {
        if (Guid.TryParse(document, out var id))
        {
            return id;
        }

        return await db.Documents.Where(d => d.Symbol == document).Select(d => (Guid?)d.Id).SingleOrDefaultAsync(ct)
               ?? throw new NotFoundException("Document", document);
    }

    /// <summary>Runs a command in its own scope; a refusal (bad input, a rule) is a message and exit code 1, not a stack trace.</summary>
    private static async Task<int> Scoped(IServiceProvider services, Func<IServiceProvider, IMediator, Task<int>> action)
    {
        await using var scope = services.CreateAsyncScope();
        try
        {
            return await action(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<IMediator>());
        }
        catch (DomainValidationException e)
        {
            await Console.Error.WriteLineAsync(string.Join(Environment.NewLine, e.Errors.SelectMany(f => f.Value.Select(m => $"{f.Key}: {m}"))));
            return 1;
        }
        catch (DomainException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DbUpdateException or SqliteException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"Failed: {e.GetBaseException().Message}");
            return 1;
        }
    }
}

/// <summary>A process acting outside any request (the CLI): its changes are recorded as <see cref="SecretariatCli.Actor"/>.</summary>
public sealed class FixedActor(string code) : ICurrentActor
{
    public string Code { get; } = code;
}
