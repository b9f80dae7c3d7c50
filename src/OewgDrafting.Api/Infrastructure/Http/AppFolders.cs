using System.Reflection;

namespace OewgDrafting.Api.Infrastructure.Http;

/// <summary>
/// Where the server finds itself: its content root (appsettings.json, wwwroot, the default data/ folder) is the
/// application's own folder, whatever the working directory it is started from, unless a content root is configured
/// (--contentRoot, ASPNETCORE_CONTENTROOT or DOTNET_CONTENTROOT).
/// </summary>
public static class AppFolders
{
    public static string[] WithOwnContentRoot(string[] args)
    {
        // Only the application itself: a test host builds the app with its own content root.
        if (Assembly.GetEntryAssembly()?.GetName().Name != typeof(AppFolders).Assembly.GetName().Name
            || args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
            || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT")))
        {
            return args;
        }

        return [.. args, $"--contentRoot={OwnFolder()}"];
    }

    /// <summary>
    /// The published application's folder; run from the source tree (<c>dotnet run</c>), the project's folder, where
    /// wwwroot is and where the README says the database goes (src/OewgDrafting.Api/data).
    /// </summary>
    public static string OwnFolder()
    {
        var app = AppContext.BaseDirectory;
        var project = Path.GetFullPath(Path.Combine(app, "..", "..", ".."));
        return File.Exists(Path.Combine(project, "OewgDrafting.Api.csproj")) ? project : app;
    }
}
