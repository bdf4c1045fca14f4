using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OroOrleans.Tests.Solution;

/// <summary>
/// The repository is the whole story: every <c>§</c> cited in code, tests, scripts and docs names a section of
/// docs/api.md (or an RFC's section, written "RFC 6749 §3.2"), the files the docs name exist, and no file points
/// outside the repository.
/// </summary>
[Trait("Category", TestCategories.Unit)]
public sealed partial class SectionCitationTests(ITestOutputHelper output)
{
    private static readonly string[] Extensions = [".cs", ".md", ".sh", ".yml", ".yaml", ".json", ".sql", ".lua", ".conf", ".props", ".csproj"];
    private static readonly string[] SkippedDirectories = ["bin", "obj", ".git", "node_modules", "data"];
    private static readonly string[] ExtraFiles = ["Dockerfile", Path.Combine(".ci", "run")];

    [Fact]
    public void EverySectionCitation_NamesAHeadingOfApiMd()
    {
        var headings = ApiSections();
        var missing = new List<string>();
        var checkedCount = 0;
        foreach (var file in RepositoryFiles())
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                foreach (Match m in Citation().Matches(lines[i]))
                {
                    if (m.Groups["rfc"].Success)
                    {
                        continue;
                    }

                    checkedCount++;
                    if (!headings.Contains(m.Groups["section"].Value))
                    {
                        missing.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}:{i + 1}: §{m.Groups["section"].Value}");
                    }
                }
            }
        }

        output.WriteLine($"{checkedCount} citations checked against {headings.Count} sections of docs/api.md");
        Assert.True(checkedCount > 100, $"only {checkedCount} citations found: is the scan looking in the right place?");
        Assert.True(missing.Count == 0, "Citations of sections docs/api.md does not have:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void NoFile_RefersOutsideTheRepositoryOrToIssueNumbers()
    {
        var self = Path.Combine("Tests", "Solution", nameof(SectionCitationTests) + ".cs");
        var found = new List<string>();
        foreach (var file in RepositoryFiles().Where(f => !f.EndsWith(self, StringComparison.Ordinal)))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (OutsideReference().Match(lines[i]) is { Success: true } m)
                {
                    found.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}:{i + 1}: {m.Value}");
                }
            }
        }

        Assert.True(found.Count == 0, "References outside the repository:\n" + string.Join('\n', found));
    }

    [Fact]
    public void EveryFileNamedInTheDocs_Exists()
    {
        var root = RepositoryPaths.Root;
        var documents = Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md").Append(Path.Combine(root, "README.md"));
        var missing = new List<string>();
        var count = 0;
        foreach (var document in documents)
        {
            foreach (Match m in FilePath().Matches(File.ReadAllText(document)))
            {
                count++;
                var path = m.Groups["path"].Value;
                if (!File.Exists(Path.Combine(root, path)) && !File.Exists(Path.Combine(Path.GetDirectoryName(document)!, path)))
                {
                    missing.Add($"{Path.GetRelativePath(root, document)}: {path}");
                }
            }
        }

        output.WriteLine($"{count} file names checked");
        Assert.True(missing.Count == 0, "Files the docs name that do not exist (moved?):\n" + string.Join('\n', missing));
    }

    [Fact]
    public void ApiMd_HasTheNumberedSectionsTheCodeCites()
    {
        var headings = ApiSections();
        output.WriteLine(string.Join(", ", headings.Order(StringComparer.Ordinal)));

        // The top-level sections and the token endpoint's subsections are the frame every citation hangs on.
        foreach (var section in new[] { "1", "2", "2.1", "2.5", "2.8", "3", "4", "5", "6", "7", "7.1", "7.2", "8", "9", "9.3" })
        {
            Assert.Contains(section, headings);
        }
    }

    private static HashSet<string> ApiSections()
    {
        var api = Path.Combine(RepositoryPaths.Root, "docs", "api.md");
        return File.ReadLines(api)
            .Select(line => Heading().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["section"].Value)
            .ToHashSet(StringComparer.Ordinal);
    }

    private static IEnumerable<string> RepositoryFiles()
    {
        var root = RepositoryPaths.Root;
        var pending = new Stack<string>([root]);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(dir))
            {
                if (!SkippedDirectories.Contains(Path.GetFileName(sub), StringComparer.Ordinal))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var relative = Path.GetRelativePath(root, file);
                if (Extensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase) || ExtraFiles.Contains(relative, StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
        }
    }

    // "§2.5", "§7.1's"; an RFC citation is "RFC 6749 §5.2" (optionally "RFC 6749, §5.2").
    [GeneratedRegex(@"(?<rfc>RFC\s?\d{3,5},?\s*)?§(?<section>\d+(?:\.\d+)*)")]
    private static partial Regex Citation();

    // `WebFront/Token/Denials.cs`, [design](docs/design.md): a repository file named in backquotes or a link.
    [GeneratedRegex(@"[`(](?<path>(?:Grains|Grains\.Interfaces|Silo|WebFront|Tests|scripts|db|deploy|bench|docs)/[A-Za-z0-9_./-]*\.[a-z]{1,5})[`)#]")]
    private static partial Regex FilePath();

    // "## §2 The token endpoint", "### §2.5 Errors".
    [GeneratedRegex(@"^#{2,4} §(?<section>\d+(?:\.\d+)*) ")]
    private static partial Regex Heading();

    // A sibling folder of the repository, the old contract files, or an issue by number.
    [GeneratedRegex(@"\.\./shared|\b(?-i:SPEC|DESIGN)\.md\b|\bissues? #?\d+", RegexOptions.IgnoreCase)]
    private static partial Regex OutsideReference();
}
