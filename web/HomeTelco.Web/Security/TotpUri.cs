namespace HomeTelco.Web.Security;

/// <summary>
/// Rebuilds the otpauth URI for an enrolment in progress. Core returns the URI only when enrolment
/// starts; the portal's forms are separate requests, so a mistyped code must not force a new secret
/// (and a rescan) just to show the QR code again. Same shape as <c>TwoFactorService.BeginEnrollment</c>.
/// </summary>
internal static class TotpUri
{
    public const string Issuer = "HomeTelco";

    public static string For(string userName, string secret)
    {
        var label = Uri.EscapeDataString($"{Issuer}:{userName}");
        return $"otpauth://totp/{label}?secret={secret}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
    }
}
