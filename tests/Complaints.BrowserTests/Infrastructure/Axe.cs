using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Complaints.BrowserTests.Infrastructure;

// axe-core against WCAG 2.2 AA, with a failure message that says what to fix.
public static class Axe
{
    static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    public static async Task AssertAccessibleAsync(IPage page)
    {
        var problems = await ProblemsAsync(page);
        Assert.True(problems is null, problems);
    }

    // Null when the page passes; otherwise the rule, impact, help and the elements that break it.
    public static async Task<string?> ProblemsAsync(IPage page)
    {
        var result = await page.RunAxe(Wcag22AA);
        Assert.NotEmpty(result.Passes); // axe really ran on a page with content
        return result.Violations.Length == 0 ? null : Describe(page.Url, result.Violations);
    }

    static string Describe(string url, AxeResultItem[] violations)
    {
        var text = new StringBuilder($"{violations.Length} accessibility violation(s) on {url}:");
        foreach (var v in violations)
        {
            text.Append($"\n- {v.Id} ({v.Impact}): {v.Help} {v.HelpUrl}");
            foreach (var node in v.Nodes)
            {
                var checks = node.Any.Concat(node.All).Concat(node.None).Select(c => c.Message);
                text.Append($"\n    at {node.Target}: {node.Html}\n       {string.Join(" / ", checks)}");
            }
        }
        return text.ToString();
    }
}
