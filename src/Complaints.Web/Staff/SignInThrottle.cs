namespace Complaints.Web.Staff;

// Failed sign-ins counted per account and address, and per address: repeated guesses wait longer and
// longer, while the account's owner, from their own address, is never locked out by somebody else.
// Kept in the database so every instance behind a load balancer counts the same failures.
public class SignInThrottle
{
    // "account:<hash of the normalised e-mail>|<address>" or "address:<address>".
    public string Key { get; set; } = "";
    public int Failures { get; set; }
    public DateTime LastFailureAt { get; set; }
    // No attempt under this key is checked before this instant.
    public DateTime NextAttemptAt { get; set; }
}
