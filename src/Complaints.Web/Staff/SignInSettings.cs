namespace Complaints.Web.Staff;

public enum SecondFactorRequired { Administrators, Everyone }

// The "SignIn" settings about the second factor, checked when the site starts (docs/security.md, "Signing in").
public sealed class SignInSettings
{
    // Who must use TOTP. Administrators by default: an administrator may add a member with a password who then signs
    // in to the API with it alone (CONTRACT 6b). "everyone" makes every member set it up first (ASVS 5.0 6.3.3).
    public SecondFactorRequired SecondFactor { get; set; } = SecondFactorRequired.Administrators;

    // The 30-second steps accepted either side of now. 0: a code lives at most 30 seconds (ASVS 5.0 6.5.5); 1 forgives
    // a phone whose clock is a step off, and lets a code live 90 seconds.
    public int TotpClockSkewSteps { get; set; }

    public bool RequiresTwoFactor(IEnumerable<string> roles) => SecondFactor == SecondFactorRequired.Everyone || AreAdministrator(roles);

    // Administrators use TOTP whatever the setting.
    public static bool AreAdministrator(IEnumerable<string> roles) => roles.Any(r => r is Roles.PlatformAdmin or Roles.CommuneAdmin);
}
