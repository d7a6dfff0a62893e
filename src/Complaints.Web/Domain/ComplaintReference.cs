namespace Complaints.Web.Domain;

// References are stored in capitals (SEF-2026-000042); a citizen or a client may type one in any case,
// with spaces around it.
public static class ComplaintReference
{
    public static string Normalize(string reference) => reference.Trim().ToUpperInvariant();
}
