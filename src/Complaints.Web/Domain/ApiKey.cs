namespace Complaints.Web.Domain;

// An Open311 client allowed to file requests; only a hash of the key is kept.
public class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public required string KeyHash { get; set; }
    // Null: the key may file in every commune.
    public int? CommuneId { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    // Written at most once an hour per key, so a busy client does not write on every request.
    public DateTime? LastUsedAt { get; set; }
    public bool Revoked { get; set; }
    public DateTime? RevokedAt { get; set; }
}

// The last number given per commune and year; incremented atomically for each new reference.
public class ReferenceCounter
{
    public int CommuneId { get; set; }
    public int Year { get; set; }
    public int Last { get; set; }
}
