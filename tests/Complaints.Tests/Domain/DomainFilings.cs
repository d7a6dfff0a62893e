using Complaints.Web.Deadlines;
using Complaints.Web.Domain;

namespace Complaints.Tests.Domain;

// Complaints filed as filing files them, for tests of the domain alone: in Sefrou (id 1), category 1, on the décret's
// calendar days without holidays.
static class DomainFilings
{
    public static readonly Commune Sefrou = new() { Id = 1, Code = "sefrou", ReferencePrefix = "SEF", NameFr = "Sefrou", NameAr = "صفرو" };
    public static readonly Category Roads = new() { Id = 1, CommuneId = 1, Code = "voirie", NameFr = "Voirie", NameAr = "الطرق", DefaultServiceId = 7 };

    public static Complaint File(DateTime at, string description = "Un nid-de-poule devant l'école.", int number = 1,
        Complainant? complainant = null)
    {
        var complaint = Complaint.File(Sefrou, Roads, null,
            new Submission(ComplaintKind.Complaint, Channel.Web, description, null, null, null, complainant ?? new Complainant(), false, "fr"),
            "x", "citizen", at, LegalClock.Default);
        complaint.Numbered(Sefrou.ReferencePrefix, number);
        return complaint;
    }
}
