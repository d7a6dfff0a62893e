using Complaints.Tools;
using Complaints.Web.Data;
using Complaints.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Bench;

// Staff inbox speed on one commune with many complaints (issue: "fast on 100,000 complaints in a commune").
static class InboxBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var provider = args.Length > 0 ? args[0] : "postgres";
        var complaints = args.Length > 1 ? int.Parse(args[1]) : 100_000;
        await using var app = await BenchHost.StartAsync(provider);
        var services = app.Services;
        Console.WriteLine($"Generating {complaints} complaints in sefrou on {provider}...");
        await VolumeGenerator.RunAsync(services, ["generate", "--commune", "sefrou", "--complaints", complaints.ToString(), "--years", "3"]);

        int sefrou, roads;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            sefrou = await db.Communes.Where(c => c.Code == "sefrou").Select(c => c.Id).SingleAsync();
            roads = await db.Services.Where(s => s.CommuneId == sefrou && s.Code == "voirie").Select(s => s.Id).SingleAsync();
        }
        var cell = new StaffScope("bench", "cell@bench", Roles.ComplaintsCell, sefrou, null);
        var agent = new StaffScope("bench", "agent@bench", Roles.ServiceAgent, sefrou, roads);

        var scenarios = new (string Name, StaffScope Scope, InboxFilter Filter)[]
        {
            ("cell: all, soonest deadline first", cell, new InboxFilter()),
            ("cell: new (received)", cell, new InboxFilter { Status = "received" }),
            ("cell: with services", cell, new InboxFilter { Status = "assigned,in_progress,reopened" }),
            ("cell: late", cell, new InboxFilter { Overdue = true }),
            ("cell: search a surname", cell, new InboxFilter { Q = "Alaoui4242" }),
            ("cell: search a word", cell, new InboxFilter { Q = "pharmacie" }),
            ("cell: page 200, newest first", cell, new InboxFilter { Sort = InboxSort.FiledDesc, Page = 200 }),
            ("service agent: own open complaints", agent, new InboxFilter { Status = "assigned,in_progress,reopened" }),
        };

        BenchHost.Header();
        foreach (var (name, scope, filter) in scenarios)
            await BenchHost.TimeAsync(name, async () =>
            {
                using var s = services.CreateScope();
                var (page, _) = await s.ServiceProvider.GetRequiredService<Inbox>().ListAsync(scope, filter, CancellationToken.None);
                return page!.Total;
            });

        var n = 0;
        await BenchHost.TimeAsync("complaint screen: one complaint with its timeline", async () =>
        {
            using var s = services.CreateScope();
            _ = await s.ServiceProvider.GetRequiredService<ComplaintActions>().FindAsync(cell, $"SEF-2025-{1 + n++ * 37:D6}", CancellationToken.None)
                ?? throw new InvalidOperationException("A generated complaint is missing.");
            return 1;
        });
        return 0;
    }
}
