namespace Complaints.Web.Notifications;

// How many characters an SMS costs and in how many messages it leaves.
public static class Sms
{
    // The GSM 03.38 alphabet; gateways send "ç" as "Ç", so French rarely leaves it.
    const string Gsm = "@£$¥èéùìòÇç\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    // These take two characters each (escape, then the character).
    const string GsmExtension = "^{}\\[~]|€\f";

    public static (int Length, int Parts) Measure(string text)
    {
        if (text.All(c => Gsm.Contains(c) || GsmExtension.Contains(c)))
        {
            var length = text.Length + text.Count(c => GsmExtension.Contains(c));
            return (length, length <= 160 ? 1 : (length + 152) / 153);
        }
        return (text.Length, text.Length <= 70 ? 1 : (text.Length + 66) / 67);
    }
}
