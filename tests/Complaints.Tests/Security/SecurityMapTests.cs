using System.Reflection;
using System.Text.RegularExpressions;

namespace Complaints.Tests.Security;

// docs/security.md maps every ASVS 5.0 level 1 and 2 requirement to the tests that show it or to a reason. This keeps the
// map honest: every requirement once, every row with a test or a reason, every cited test a real one, every gap listed.
public partial class SecurityMapTests
{
    // ASVS 5.0.0's level 1 and 2 requirements, chapter by chapter (section.requirement numbers).
    static readonly Dictionary<int, string> Requirements = new()
    {
        [1] = "1.1-2 2.1-9 3.1-11 4.1-3 5.1-2",
        [2] = "1.1-3 2.1-3 3.1-4 4.1",
        [3] = "2.1-2 3.1-4 4.1-6 5.1-5 7.1-2",
        [4] = "1.1-3 2.1 3.1-2 4.1-4",
        [5] = "1.1 2.1-3 3.1-2 4.1-3",
        [6] = "1.1-3 2.1-12 3.1-4 4.1-4 5.1-5 6.1-3 8.1-4",
        [7] = "1.1-3 2.1-4 3.1-2 4.1-5 5.1-2 6.1-2",
        [8] = "1.1-2 2.1-3 3.1 4.1",
        [9] = "1.1-3 2.1-4",
        [10] = "1.1-2 2.1-2 3.1-4 4.1-11 5.1-5 6.1-2 7.1-3",
        [11] = "1.1-2 2.1-3 3.1-3 4.1-4 5.1 6.1",
        [12] = "1.1-3 2.1-2 3.1-4",
        [13] = "1.1 2.1-5 3.1-2 4.1-5",
        [14] = "1.1-2 2.1-4 3.1-3",
        [15] = "1.1-3 2.1-3 3.1-7",
        [16] = "1.1 2.1-5 3.1-4 4.1-3 5.1-3",
        [17] = "1.1 2.1-4 3.1-2",
    };

    static IEnumerable<string> ExpectedIds() =>
        from chapter in Requirements
        from range in chapter.Value.Split(' ')
        let section = range.Split('.')[0]
        let bounds = range.Split('.')[1].Split('-')
        from n in Enumerable.Range(int.Parse(bounds[0]), int.Parse(bounds[^1]) - int.Parse(bounds[0]) + 1)
        select $"{chapter.Key}.{section}.{n}";

    sealed record Row(string Id, string Level, string ShownBy);

    internal static string RepositoryFile(params string[] path)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Complaints.slnx")))
            root = root.Parent;
        Assert.NotNull(root);
        return Path.Combine([root.FullName, .. path]);
    }

    static string Document() => File.ReadAllText(RepositoryFile("docs", "security.md"));

    static string Section(string document, string heading)
    {
        var start = document.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/security.md has no '## {heading}' section.");
        var end = document.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? document[start..] : document[start..end];
    }

    static List<Row> Rows() =>
        Section(Document(), "ASVS 5.0 map").Split('\n')
            .Select(line => line.Split('|'))
            .Where(cells => cells.Length >= 6 && RequirementId().IsMatch(cells[1].Trim()))
            .Select(cells => new Row(cells[1].Trim(), cells[2].Trim(), string.Join("|", cells[4..^1]).Trim()))
            .ToList();

    [Fact]
    public void Every_level_1_and_2_requirement_has_exactly_one_row()
    {
        var ids = Rows().Select(r => r.Id).ToList();
        var twice = ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, "Requirements mapped twice: " + string.Join(", ", twice));
        var missing = ExpectedIds().Except(ids).ToList();
        Assert.True(missing.Count == 0, "Requirements without a row: " + string.Join(", ", missing));
        var unknown = ids.Except(ExpectedIds()).ToList();
        Assert.True(unknown.Count == 0, "Rows for no level 1 or 2 requirement: " + string.Join(", ", unknown));
        Assert.All(Rows(), r => Assert.Contains(r.Level, new[] { "L1", "L2" }));
    }

    [Fact]
    public void Every_row_names_a_test_or_gives_a_reason_and_every_gap_is_listed()
    {
        var gaps = Section(Document(), "Known gaps");
        foreach (var row in Rows())
        {
            var cited = Citation().IsMatch(row.ShownBy);
            var reason = Reason().IsMatch(row.ShownBy);
            Assert.True(cited || reason, $"{row.Id} names no test and gives no N/A, Operator, Documented or Gap reason.");
            if (row.ShownBy.Contains("Gap:", StringComparison.Ordinal))
                Assert.True(gaps.Contains($"**{row.Id}**", StringComparison.Ordinal), $"{row.Id} is a gap missing from Known gaps.");
        }
    }

    [Fact]
    public void Every_cited_test_exists()
    {
        var tests = TestMethods();
        var missing = new List<string>();
        foreach (var row in Rows())
            foreach (Match citation in Citation().Matches(row.ShownBy))
            {
                var name = $"{citation.Groups["class"].Value}.{citation.Groups["method"].Value}";
                if (!tests.Contains(name))
                    missing.Add($"{row.Id} {name}");
            }
        Assert.True(missing.Count == 0, "Cited tests that do not exist:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_link_of_the_document_leads_to_a_file()
    {
        var broken = Link().Matches(Document()).Select(m => m.Groups["path"].Value)
            .Where(path => !File.Exists(RepositoryFile("docs", path)) && !Directory.Exists(RepositoryFile("docs", path)))
            .ToList();
        Assert.True(broken.Count == 0, "Broken links: " + string.Join(", ", broken));
    }

    // Class.Method of every [Fact] and [Theory] (the abstract class, for HTTP tests), here and in the browser tests.
    static HashSet<string> TestMethods()
    {
        var assemblies = new List<Assembly> { typeof(SecurityMapTests).Assembly };
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var browser = here.Replace($"{Path.DirectorySeparatorChar}Complaints.Tests{Path.DirectorySeparatorChar}", $"{Path.DirectorySeparatorChar}Complaints.BrowserTests{Path.DirectorySeparatorChar}")
            + $"{Path.DirectorySeparatorChar}Complaints.BrowserTests.dll";
        Assert.True(File.Exists(browser), $"Build tests/Complaints.BrowserTests first: {browser} is missing.");
        assemblies.Add(Assembly.LoadFrom(browser));
        return assemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.CustomAttributes.Any(a => IsFact(a.AttributeType)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToHashSet();
    }

    static bool IsFact(Type? type) => type is not null && (type.FullName == "Xunit.FactAttribute" || IsFact(type.BaseType));

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex RequirementId();

    [GeneratedRegex(@"`(?<class>\w+Tests)\.(?<method>\w+)`")]
    private static partial Regex Citation();

    [GeneratedRegex(@"\b(N/A|Operator|Documented|Gap):")]
    private static partial Regex Reason();

    [GeneratedRegex(@"\]\((?!https?:|#)(?<path>[^)#]+)(#[^)]*)?\)")]
    private static partial Regex Link();
}
