namespace HomeTelco.Web.Security;

/// <summary>
/// Decides whether a return URL may be followed after sign-in. Only paths on this box qualify:
/// an absolute or protocol-relative URL ("//evil.example", "/\evil.example") would turn the
/// sign-in page into an open redirect that phishing mails could borrow.
/// </summary>
internal static class LocalUrl
{
    public static bool IsLocal(string? url)
    {
        if (string.IsNullOrEmpty(url) || url[0] != '/' || url.Length > 2048)
        {
            return false;
        }

        if (url.Length > 1 && url[1] is '/' or '\\')
        {
            return false;
        }

        // Browsers drop tabs and newlines inside URLs, so "/\t/evil.example" would become protocol-relative.
        foreach (var c in url)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The URL when it is local, else the dashboard.</summary>
    public static string OrHome(string? url) => IsLocal(url) ? url! : "/";
}
