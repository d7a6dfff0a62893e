using System.Globalization;
using System.IO.Compression;
using System.Text;
using Complaints.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Complaints.Web.Staff;

// The password rule (ASVS 5.0 V6.2, NIST SP 800-63B): long enough, no composition rule, and refused when it is a
// common or breached password or made of what an attacker knows of the person: their address, their commune, this site.
// Every password a member sets goes through Identity's validators, so through this one (docs/security.md, Passwords).
public sealed class PasswordRule(AppDbContext db) : IPasswordValidator<StaffUser>
{
    public const int MinLength = 12;
    public const int MaxLength = 256;

    public const string TooShort = nameof(IdentityErrorDescriber.PasswordTooShort);
    public const string TooLong = "PasswordTooLong";
    public const string Common = "PasswordCommon";
    public const string Context = "PasswordContext";

    // What a person or a cracking list would try first for this site, in French, Arabic and Darija in Latin letters.
    static readonly string[] SiteWords =
    [
        "complaint", "complaints", "plainte", "plaintes", "reclamation", "reclamations", "chikaya", "chikayat", "chikayate",
        "commune", "baladiya", "jamaa", "شكاية", "شكايات", "شكوى", "شكاوى", "جماعة", "بلدية",
    ];

    // The common and breached passwords shipped with the site (THIRD-PARTY-NOTICES): folded as below, ranked, one a line.
    static readonly Lazy<HashSet<string>> Listed = new(Load);

    public async Task<IdentityResult> ValidateAsync(UserManager<StaffUser> manager, StaffUser user, string? password)
    {
        var problem = Check(password ?? "", await ContextOfAsync(user));
        return problem is null ? IdentityResult.Success : IdentityResult.Failed(new IdentityError { Code = problem, Description = Describe(problem) });
    }

    // The first problem with this password, or null; context holds the words an attacker knows of its owner.
    public static string? Check(string password, IEnumerable<string> context)
    {
        var length = new StringInfo(password).LengthInTextElements;
        if (length < MinLength)
            return TooShort;
        if (length > MaxLength)
            return TooLong;
        var folded = Fold(password);
        var letters = LettersOf(folded);
        // A listed password as it is, or padded with digits and signs (azertyuiop12, dragon-2024!), or repeated.
        if (IsListed(folded) || IsListed(letters) || IsRepeated(folded))
            return Common;
        var rest = letters;
        foreach (var word in context.SelectMany(Words).Concat(SiteWords).Distinct().OrderByDescending(w => w.Length))
            rest = rest.Replace(word, "", StringComparison.Ordinal);
        // What is left once the known words are gone is too little to guess for, or itself a listed password.
        if (rest.Length < letters.Length && (rest.Length < 6 || IsListed(rest)))
            return Context;
        return null;
    }

    // The resource key that explains the first refusal among Identity's errors, or null when none is about the password.
    public static string? MessageKey(IEnumerable<IdentityError> errors) =>
        errors.Select(e => e.Code).FirstOrDefault(c => c.StartsWith("Password", StringComparison.Ordinal) && c != nameof(IdentityErrorDescriber.PasswordMismatch)) switch
        {
            null => null,
            TooShort => "error.password.short",
            TooLong => "error.password.long",
            Context => "error.password.context",
            _ => "error.password.common",
        };

    // Runs every password validator Identity has, before anything is saved, so a form reports all its fields at once.
    public static async Task<string?> CheckAsync(UserManager<StaffUser> users, StaffUser user, string password) =>
        MessageKey(await ErrorsAsync(users, user, password));

    // One after the other: the rule reads the database through the same context.
    public static async Task<List<IdentityError>> ErrorsAsync(UserManager<StaffUser> users, StaffUser user, string password)
    {
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
            errors.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        return errors;
    }

    // For logs and the start-up check of Bootstrap:AdminPassword; people read the resource texts.
    static string Describe(string problem) => problem switch
    {
        TooShort => $"shorter than {MinLength} characters",
        TooLong => $"longer than {MaxLength} characters",
        Common => "one of the most common or breached passwords, possibly with digits or signs added",
        _ => "made of the person's e-mail address, their commune or the site's own words",
    };

    async Task<List<string>> ContextOfAsync(StaffUser user)
    {
        List<string> words = [user.Email ?? "", user.UserName ?? "", user.DisplayName ?? ""];
        if (user.CommuneId is { } id && await db.Communes.AsNoTracking().Where(c => c.Id == id)
                .Select(c => new { c.Code, c.NameFr, c.NameAr }).SingleOrDefaultAsync() is { } commune)
            words.AddRange([commune.Code, commune.NameFr, commune.NameAr]);
        return words;
    }

    // The words of a context text, folded: each run of letters of three or more, and all its letters together
    // (nadia.alaoui@sefrou.ma gives nadia, alaoui, sefrou and nadiaalaouisefrouma); a top-level domain is no word.
    static IEnumerable<string> Words(string text)
    {
        var folded = Fold(text);
        var at = folded.LastIndexOf('@');
        var domain = at < 0 ? "" : folded[(at + 1)..];
        var tld = domain.LastIndexOf('.') is var dot and >= 0 ? domain[(dot + 1)..] : "";
        var runs = new List<string>();
        var run = new StringBuilder();
        foreach (var c in folded.Append(' '))
        {
            if (char.IsLetter(c))
                run.Append(c);
            else if (run.Length > 0)
            {
                runs.Add(run.ToString());
                run.Clear();
            }
        }
        if (tld.Length > 0 && runs.Count > 1 && runs[^1] == tld)
            runs.RemoveAt(runs.Count - 1);
        return runs.Append(string.Concat(runs)).Where(w => w.Length >= 3);
    }

    // Compatibility forms joined, accents and vowel marks dropped, lower case: Pàssword, ＰＡＳＳＷＯＲＤ and password are one.
    static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                kept.Append(char.ToLowerInvariant(c));
        return kept.ToString();
    }

    static string LettersOf(string folded) => string.Concat(folded.Where(char.IsLetter));

    static bool IsListed(string folded) => folded.Length > 0 && Listed.Value.Contains(folded);

    // The same short piece, or a listed one, over and over: aaaaaaaaaaaa, 121212121212, qwertyqwerty.
    static bool IsRepeated(string folded)
    {
        for (var period = 1; period <= folded.Length / 2; period++)
        {
            var repeats = true;
            for (var i = period; i < folded.Length && repeats; i++)
                repeats = folded[i] == folded[i - period];
            if (repeats)
                return period <= 4 || IsListed(folded[..period]) || IsListed(LettersOf(folded[..period]));
        }
        return false;
    }

    static HashSet<string> Load()
    {
        using var stream = typeof(PasswordRule).Assembly.GetManifestResourceStream("common-passwords.txt.gz")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the build.");
        using var reader = new StreamReader(new GZipStream(stream, CompressionMode.Decompress), Encoding.UTF8);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
            if (line.Length > 0)
                listed.Add(line);
        return listed;
    }
}
