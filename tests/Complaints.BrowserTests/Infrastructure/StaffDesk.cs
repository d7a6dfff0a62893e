using System.Text.RegularExpressions;
using Complaints.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Complaints.BrowserTests.Infrastructure;

// What a member of staff reads on the sign-in pages, in each language: fields are found by their labels.
public sealed record StaffDesk(string Locale, string Email, string Password, string SignIn, string Code, string Verify)
{
    public static readonly StaffDesk French = new("fr-FR", "Adresse e-mail", "Mot de passe", "Se connecter", "Code à 6 chiffres", "Vérifier");

    public static readonly StaffDesk Arabic = new("ar-MA", "البريد الإلكتروني", "كلمة المرور", "دخول", "الرمز المكون من 6 أرقام", "تحقق");

    public static StaffDesk For(string locale) => locale == Arabic.Locale ? Arabic : French;

    // Signs in through the real pages (/staff/login, then /staff/login/2fa for members with TOTP).
    public async Task SignInAsync(IPage page, StaffMember member)
    {
        await page.GotoAsync("/staff/login");
        await page.GetByLabel(Email, new() { Exact = true }).FillAsync(member.Email);
        await page.GetByLabel(Password, new() { Exact = true }).FillAsync(member.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = SignIn, Exact = true }).ClickAsync();
        if (member.TotpKey is not null)
        {
            await Expect(page).ToHaveURLAsync(new Regex("/staff/login/2fa"));
            await page.GetByLabel(Code, new() { Exact = true }).FillAsync(await member.CodeAsync());
            await page.GetByRole(AriaRole.Button, new() { Name = Verify, Exact = true }).ClickAsync();
        }
        await Expect(page).Not.ToHaveURLAsync(new Regex("/staff/login"));
    }
}
