using System.Security.Cryptography;
using System.Text;

namespace Complaints.Web.Api;

public static class ApiKeys
{
    // API keys are long random strings, so a plain SHA-256 is enough to keep them unreadable.
    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())));
}
