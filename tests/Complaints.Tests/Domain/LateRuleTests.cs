using Complaints.Tests.Infrastructure;
using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Domain;

// "Late" is one rule: its query form (inbox, dashboard, figures, deadline watch) picks in the database exactly the
// complaints its in-memory form (screens, /track, the API) calls late, on either database, whatever the day.
public abstract class LateRuleTests(DatabaseKind kind) : AppTest(kind)
{
    [Fact]
    public async Task The_query_form_of_late_agrees_with_the_rule_on_every_status_and_around_every_due_date()
    {
        await App.BuildFiguresSceneAsync();
        var complaints = await App.WithDbAsync(db => db.Complaints.AsNoTracking().ToListAsync());
        // Every status the scene reaches, settled and not.
        Assert.True(complaints.Select(c => c.Status).Distinct().Count() >= 5);
        var days = complaints.SelectMany(c => new[] { c.ResponseDueOn.AddDays(-1), c.ResponseDueOn, c.ResponseDueOn.AddDays(1) }).Distinct();
        var lateSomeday = 0;
        foreach (var today in days)
        {
            var late = await App.WithDbAsync(db => db.Complaints.Where(Complaint.LateOn(today)).Select(c => c.Reference).ToListAsync());
            var notLate = await App.WithDbAsync(db => db.Complaints.Where(Complaint.NotLateOn(today)).Select(c => c.Reference).ToListAsync());
            var expected = complaints.Where(c => c.IsLateOn(today)).Select(c => c.Reference).Order().ToList();
            Assert.Equal(expected, late.Order().ToList());
            Assert.Equal(complaints.Select(c => c.Reference).Except(expected).Order().ToList(), notLate.Order().ToList());
            lateSomeday += expected.Count;
        }
        Assert.True(lateSomeday > 0);
    }

    public sealed class OnSqlite() : LateRuleTests(DatabaseKind.Sqlite);
    public sealed class OnPostgres() : LateRuleTests(DatabaseKind.Postgres);
}
