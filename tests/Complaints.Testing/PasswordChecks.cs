using Complaints.Web.Staff;
using Microsoft.AspNetCore.Identity;

namespace Complaints.Tests.Infrastructure;

// How many passwords the app has checked against a hash: the hasher the test host gives Identity counts them, so a
// test can show that refusing an unknown address costs the same work as refusing a known one.
public sealed class PasswordChecks
{
    int count;

    public int Count => Volatile.Read(ref count);

    internal IPasswordHasher<StaffUser> Counting(IPasswordHasher<StaffUser> inner) => new CountingHasher(inner, this);

    sealed class CountingHasher(IPasswordHasher<StaffUser> inner, PasswordChecks checks) : IPasswordHasher<StaffUser>
    {
        public string HashPassword(StaffUser user, string password) => inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(StaffUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref checks.count);
            return inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }
}
