using Complaints.Tests.Infrastructure;
using Complaints.Tools;
using Complaints.Web.Data;
using Complaints.Web.Deadlines;
using Complaints.Web.Domain;
using Complaints.Web.Notifications;
using Complaints.Web.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Tools;

// The volume generator (PostgreSQL: binary COPY; SQLite: EF) fills databases for benchmarks: its rows must obey the
// same rules as those the application writes, or the figures measured on them mean nothing.
public abstract class VolumeGeneratorTests(DatabaseKind kind) : AppTest(kind)
{
    public sealed class OnSqlite() : VolumeGeneratorTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : VolumeGeneratorTests(DatabaseKind.Postgres);

    [Fact]
    public async Task Generated_complaints_obey_the_rules_of_real_ones_and_a_second_run_continues_their_numbering()
    {
        Assert.Equal(0, await VolumeGenerator.RunAsync(App.Services, ["generate", "--communes", "5", "--complaints", "200", "--years", "3"]));
        Assert.Equal(0, await VolumeGenerator.RunAsync(App.Services, ["generate", "--communes", "5", "--complaints", "100", "--years", "3", "--seed", "7"]));

        await App.WithDbAsync(async db =>
        {
            var complaints = await db.Complaints.AsNoTracking().Include(c => c.Timeline).AsSplitQuery().ToListAsync();
            Assert.Equal(300, complaints.Count);
            Assert.Equal(5, complaints.Select(c => c.CommuneId).Distinct().Count());

            // References: unique, numbered 1..n per commune and year, and the counter at n for the next filing.
            Assert.Equal(300, complaints.Select(c => c.Reference).Distinct().Count());
            var counters = await db.ReferenceCounters.AsNoTracking().ToDictionaryAsync(r => (r.CommuneId, r.Year), r => r.Last);
            foreach (var group in complaints.GroupBy(c => (c.CommuneId, c.Year)))
            {
                Assert.Equal(Enumerable.Range(1, group.Count()), group.Select(c => c.Number).Order());
                Assert.Equal(group.Count(), counters[group.Key]);
            }

            foreach (var c in complaints)
            {
                // Every move left its entry, in order, and the version counts them.
                Assert.Equal(TimelineKind.Filed, c.Timeline.OrderBy(t => t.Id).First().Kind);
                Assert.Equal(c.Timeline.OrderBy(t => t.Id).Select(t => t.At), c.Timeline.Select(t => t.At).Order());
                Assert.Equal(c.Timeline.Count, c.Version);
                Assert.True(c.UpdatedAt <= App.Clock.GetUtcNow().UtcDateTime);
                Assert.Equal(c.Timeline.Count(t => t.Kind is TimelineKind.Reopened or TimelineKind.Contested), c.ReopenCount);
                if (c.DefinitiveAt is { } definitive)
                {
                    var days = LegalDeadlines.LocalDate(definitive).DayNumber - LegalDeadlines.LocalDate(c.FiledAt).DayNumber;
                    Assert.Equal(days, c.DaysToDefinitive);
                    Assert.Equal(LegalDeadlines.LocalDate(definitive) <= c.ResponseDueOn, c.DefinitiveWithinDeadline);
                }
                else
                    Assert.Null(c.DaysToDefinitive);
                Assert.Equal(c.Satisfied is not null, c.Timeline.Any(t => t.Kind is TimelineKind.RatedSatisfied or TimelineKind.RatedDissatisfied));
                Assert.Equal(c.AwaitingCitizen, c.ClockPausedAt is not null);
                if (c.Status == ComplaintStatus.Rejected)
                    Assert.NotNull(c.RejectionReason);
                if (c.Status is ComplaintStatus.Assigned or ComplaintStatus.InProgress or ComplaintStatus.Answered)
                    Assert.NotNull(c.ServiceId);
            }

            // The life cycles a dashboard must show are all there.
            Assert.Contains(complaints, c => c.Status == ComplaintStatus.Received);
            Assert.Contains(complaints, c => c.Status == ComplaintStatus.InProgress);
            Assert.Contains(complaints, c => c.Status == ComplaintStatus.Closed);
            Assert.Contains(complaints, c => c.RejectionReason is not null);
            Assert.Contains(complaints, c => c.DefinitiveWithinDeadline == false);
            Assert.Contains(complaints, c => c.ReopenCount > 0);
            Assert.Contains(complaints, c => c.Satisfied == false);
            Assert.Contains(complaints, c => c.Timeline.Any(t => t.Kind == TimelineKind.InformationRequested));
            Assert.Contains(complaints, c => c.EscalatedAt is not null);
            Assert.Equal(Enum.GetValues<Channel>().Length, complaints.Select(c => c.Channel).Distinct().Count());
        });

        // What was escalated or reminded is claimed as the deadline watch claims it: its first pass sends nothing again.
        using var scope = App.Services.CreateScope();
        var pass = await scope.ServiceProvider.GetRequiredService<DeadlineWatch>().RunAsync(CancellationToken.None);
        Assert.Equal((0, 0), (pass.Reminders, pass.Escalations));
    }

    [Fact]
    public async Task On_generated_complaints_the_national_comparison_gives_each_commune_the_figures_of_its_own_dashboard()
    {
        Assert.Equal(0, await VolumeGenerator.RunAsync(App.Services, ["generate", "--communes", "6", "--complaints", "600", "--years", "2"]));
        var today = LegalDeadlines.Today(App.Clock);
        foreach (var period in new[] { Period.Year(today.Year - 1), new Period(today.AddYears(-2), today) })
        {
            using var scope = App.Services.CreateScope();
            var query = scope.ServiceProvider.GetRequiredService<FiguresQuery>();
            var national = await query.NationalAsync(period, CancellationToken.None);
            var communes = await scope.ServiceProvider.GetRequiredService<AppDbContext>().Communes.AsNoTracking().ToListAsync();
            foreach (var commune in communes)
            {
                var own = await query.CommuneAsync(commune, period, StatsFilter.None, CancellationToken.None);
                Assert.Equal(own.Total, national.Communes.Single(c => c.Code == commune.Code).Figures);
            }
            Assert.Equal(national.Communes.Sum(c => c.Figures.Received), national.Total.Received);
            Assert.True(national.Total.Received > 100 && national.Total.MedianDaysToDefinitiveResponse > 0);
        }
    }
}
