using System.Text;

namespace HomeTelco.Sip.Syntax;

/// <summary>
/// Tokens every message carries (methods, auth-param names) come back as shared strings, so reading them allocates
/// nothing. Exact bytes only: another spelling is still read, as a new string.
/// </summary>
internal static class SipKnownTokens
{
    /// <summary>The string of <paramref name="known"/> spelled exactly as <paramref name="token"/>, or a new one.</summary>
    public static string Get(ReadOnlySpan<byte> token, ReadOnlySpan<string> known)
    {
        foreach (var name in known)
        {
            if (token.Length == name.Length && Ascii.Equals(token, name))
            {
                return name;
            }
        }

        return Encoding.ASCII.GetString(token);
    }
}
