using Complaints.Web.Citizens;
using Complaints.Web.Data;
using Complaints.Web.Domain;
using Complaints.Web.Staff;
using Microsoft.Extensions.DependencyInjection;

namespace Complaints.Tests.Infrastructure;

// Sets the scene for staff tests: complaints filed through the real filing service, moved by the real actions.
public static class Filings
{
    public static async Task<Filed> FileAsync(this TestApp app, string commune = "sefrou", string category = "voirie",
        string description = "Un grand nid-de-poule devant l'école primaire depuis deux semaines.", string language = "fr",
        Channel channel = Channel.Web, string? district = "d1", string? firstName = "Amina", string? lastName = "Benali",
        string? email = "amina@example.test", string? phone = "0612345678", IEnumerable<(string Name, byte[] Bytes)>? files = null,
        Dictionary<string, string?>? answers = null)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var filing = scope.ServiceProvider.GetRequiredService<ComplaintFiling>();
        var place = db.Communes.Single(c => c.Code == commune);
        var (filed, errors) = await filing.FileAsync(place, new FilingRequest
        {
            Channel = channel, CategoryCode = category, DistrictCode = district, Description = description, Language = language,
            FirstName = firstName, LastName = lastName, Email = email, Phone = phone,
            Uploads = (files ?? []).Select(f => new Upload(f.Name, f.Bytes.Length, () => new MemoryStream(f.Bytes))).ToList(),
            Answers = answers ?? [],
        }, "citizen", CancellationToken.None);
        Assert.True(filed is not null, string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value}")));
        return filed!;
    }

    // A move made behind the scenes by a platform administrator, e.g. to put a complaint with a service.
    public static async Task<Complaint> MoveAsync(this TestApp app, string reference, Func<ComplaintActions, StaffScope, Task<MoveResult>> move)
    {
        using var scope = app.Services.CreateScope();
        var actions = scope.ServiceProvider.GetRequiredService<ComplaintActions>();
        var result = await move(actions, new StaffScope("setup", "setup@example.test", Roles.PlatformAdmin, null, null));
        return Assert.IsType<MoveResult.Done>(result).Complaint;
    }

    public static Task<Complaint> QualifyAsync(this TestApp app, string reference) =>
        app.MoveAsync(reference, (a, s) => a.QualifyAsync(s, reference, null, true, null, null, null, CancellationToken.None));
}
