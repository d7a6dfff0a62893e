using Complaints.Web.Domain;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Tests.Infrastructure;

// A hand-built set where every figure is known (Statistics tests, dashboard, exports, public pages).
// Sefrou, all in 2026, played through the real filing service and staff actions; Kénitra has one, El Jadida none.
//   A  web      voirie           d1    filed 10 Mar, routed, answered 20 Mar (10 days, in time), rated satisfied
//   B  phone    proprete         d2    filed 10 Mar, rejected 11 Mar, reopened 12 Mar (treated, no longer definitive), due again 11 May: late
//   C  web      eclairage-public  —    filed 10 Mar, never qualified, due 9 May: late
//   D  counter  voirie           d1    filed 10 Mar, routed, never answered, due 9 May: late
//   G  letter   autre            d3    filed 10 Mar, rejected 11 Mar (1 day, in time), stands
//   F  web      eclairage-public d1    filed 31 Mar 23:30 in Morocco, routed, answered 4 Apr (4 days), closed
//   E  web      voirie           d2    filed 1 Apr 00:30 in Morocco (31 Mar in UTC), answered 10 Jun (70 days, late), rated dissatisfied
// The clock ends on 15 June 2026.
// March: received 6, treated 5, definitive 3, rejected 1, late 3, days 1·4·10 (median 4, average 5), all in time.
// The year: received 7, treated 6, definitive 4, rejected 1, late 3, days 1·4·10·70 (median 7, average 21.3),
// 3 of 4 in time, reopened 1, satisfied 1 of 2 rated.
public sealed record FiguresScene(string A, string B, string C, string D, string E, string F, string G, string Kenitra);

public static class FiguresScenes
{
    public static async Task<FiguresScene> BuildFiguresSceneAsync(this TestApp app)
    {
        var a = (await app.FileAsync(category: "voirie", district: "d1")).Complaint.Reference;
        var b = (await app.FileAsync(category: "proprete", district: "d2", channel: Channel.Phone)).Complaint.Reference;
        var c = (await app.FileAsync(category: "eclairage-public", district: null)).Complaint.Reference;
        var d = (await app.FileAsync(category: "voirie", district: "d1", channel: Channel.Counter)).Complaint.Reference;
        var g = (await app.FileAsync(category: "autre", district: "d3", channel: Channel.Letter)).Complaint.Reference;
        var kenitra = (await app.FileAsync(commune: "kenitra", category: "voirie", district: "d1")).Complaint.Reference;
        await app.QualifyAsync(a);
        await app.QualifyAsync(d);

        At(app, 3, 11, 10);
        await RejectAsync(app, b);
        await RejectAsync(app, g);
        At(app, 3, 12, 10);
        await app.MoveAsync(b, (x, s) => x.ReopenAsync(s, b, null, "La citoyenne a apporté un plan des lieux.", CancellationToken.None));

        At(app, 3, 20, 9);
        await AnswerAsync(app, a);
        await RateAsync(app, a, true);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 31, 22, 30, 0, TimeSpan.Zero));
        var f = (await app.FileAsync(category: "eclairage-public", district: "d1")).Complaint.Reference;
        await app.QualifyAsync(f);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 31, 23, 30, 0, TimeSpan.Zero));
        var e = (await app.FileAsync(category: "voirie", district: "d2")).Complaint.Reference;
        await app.QualifyAsync(e);

        At(app, 4, 4, 11);
        await AnswerAsync(app, f);
        await app.MoveAsync(f, (x, s) => x.CloseAsync(s, f, null, "Réparé.", CancellationToken.None));

        At(app, 6, 10, 11);
        await AnswerAsync(app, e);
        await RateAsync(app, e, false);

        At(app, 6, 15, 10);
        return new FiguresScene(a, b, c, d, e, f, g, kenitra);
    }

    static void At(TestApp app, int month, int day, int hourUtc) =>
        app.Clock.SetUtcNow(new DateTimeOffset(2026, month, day, hourUtc, 0, 0, TimeSpan.Zero));

    static Task RejectAsync(TestApp app, string reference) =>
        app.MoveAsync(reference, (x, s) => x.QualifyAsync(s, reference, null, false, null, "unclear", "La demande ne précise pas le lieu.", CancellationToken.None));

    static Task AnswerAsync(TestApp app, string reference) =>
        app.MoveAsync(reference, (x, s) => x.RespondAsync(s, reference, null, "Les travaux sont faits.", true, CancellationToken.None));

    static Task RateAsync(TestApp app, string reference, bool satisfied) => app.WithDbAsync(async db =>
    {
        var complaint = await db.Complaints.SingleAsync(x => x.Reference == reference);
        complaint.Rate(satisfied, null, app.Clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
    });
}
