namespace Complaints.Web.Deadlines;

// An administrator's correction of a moving holiday after the moon sighting (platform-wide: the
// holidays are national).
public class StoredHolidayCorrection
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public int Year { get; set; }
    public DateOnly FirstDay { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    public HolidayCorrection ToCorrection() => new(Code, Year, FirstDay);
}
