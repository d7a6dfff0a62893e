using Complaints.Web.Data;
using Complaints.Web.Domain;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Citizens;

// A citizen has no account: reference + access code open a complaint, and a protected cookie
// remembers the complaints opened in this browser so that follow-up pages need no code again.
public sealed class CitizenAccess(AppDbContext db, AccessCodeKey codes, IDataProtectionProvider protection, IHttpContextAccessor http)
{
    const string CookieName = "complaints.citizen";
    const int Remembered = 10;
    readonly IDataProtector protector = protection.CreateProtector("Complaints.CitizenAccess.v1");

    // Null when the reference is unknown or the code is wrong: the two are not told apart.
    public async Task<OpenedComplaint?> VerifyAsync(string? reference, string? code, CancellationToken ct)
    {
        reference = reference is null ? null : ComplaintReference.Normalize(reference);
        if (string.IsNullOrEmpty(reference) || string.IsNullOrWhiteSpace(code))
            return null;
        // Only what the check needs, untracked: the form is posted far more often than a complaint is filed.
        var complaint = await ByReference.For(db)(db, reference, ct);
        if (complaint is null || !codes.Verify(code, complaint.AccessCodeHash))
            return null;
        // A code stored by the slow hash of before is stored keyed from its first right use (ADR 16).
        if (!AccessCode.IsKeyed(complaint.AccessCodeHash) && codes.Ready)
        {
            var (id, slow, keyed) = (complaint.Id, complaint.AccessCodeHash, codes.Hash(code));
            await db.Complaints.Where(c => c.Id == id && c.AccessCodeHash == slow).ExecuteUpdateAsync(s => s.SetProperty(c => c.AccessCodeHash, keyed), ct);
        }
        return complaint;
    }

    public sealed record OpenedComplaint(long Id, string Reference, string AccessCodeHash);

    // Compiled once per model (Data/PerModel.cs).
    static readonly PerModel<Func<AppDbContext, string, CancellationToken, Task<OpenedComplaint?>>> ByReference = new(() =>
        EF.CompileAsyncQuery((AppDbContext context, string reference, CancellationToken ct) =>
            context.Complaints.Where(c => c.Reference == reference)
                .Select(c => new OpenedComplaint(c.Id, c.Reference, c.AccessCodeHash)).SingleOrDefault()));

    public void Remember(Complaint complaint) => Remember(complaint.Id);

    public void Remember(long complaintId)
    {
        var ids = Granted().Where(id => id != complaintId).Prepend(complaintId).Take(Remembered);
        http.HttpContext!.Response.Cookies.Append(CookieName, protector.Protect(string.Join(',', ids)), new CookieOptions
        {
            HttpOnly = true,
            IsEssential = true,
            SameSite = SameSiteMode.Lax,
            Secure = http.HttpContext.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(30),
        });
    }

    public bool IsGranted(Complaint complaint) => IsGranted(complaint.Id);

    // Checked on every request from the protected cookie: nothing about access is kept on the server between requests.
    public bool IsGranted(long complaintId) => Granted().Contains(complaintId);

    IEnumerable<long> Granted()
    {
        var value = http.HttpContext?.Request.Cookies[CookieName];
        if (string.IsNullOrEmpty(value))
            return [];
        try
        {
            return protector.Unprotect(value).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToList();
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            return [];
        }
    }
}
