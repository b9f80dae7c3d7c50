using System.Text.RegularExpressions;

namespace OewgDrafting.Api.Tests.Infrastructure;

public static partial class Fixtures
{
    public static string Seed { get; } = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "seed.md"));

    /// <summary>The seed after the export's only normalisations (see the domain tests for the same rule).</summary>
    public static string SeedNormalised
    {
        get
        {
            var text = BlankRuns().Replace(Seed.Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n'), "\n\n");
            return text.Replace("relativo\n\na sus", "relativo a sus", StringComparison.Ordinal) + "\n";
        }
    }

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OewgDrafting.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("OewgDrafting.sln not found above the test output.");
        }
    }

    [GeneratedRegex("\n{3,}")]
    private static partial Regex BlankRuns();
}
