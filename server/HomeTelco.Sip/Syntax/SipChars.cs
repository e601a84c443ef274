using System.Buffers;

namespace HomeTelco.Sip.Syntax;

/// Character classes of the RFC 3261 §25 grammar, as vectorised sets so scans stay allocation-free.
internal static class SipChars
{
    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    internal static readonly SearchValues<byte> Token =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    // user = 1*(unreserved / escaped / user-unreserved), escaped starting with '%'.
    internal static readonly SearchValues<byte> User =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()%&=+$,;?/"u8);

    internal static readonly SearchValues<byte> Password =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()%&=+$,"u8);

    // Union of user, password and the ':' between them: what may precede the '@' of a SIP URI.
    internal static readonly SearchValues<byte> UserInfo =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()%&=+$,;?/:"u8);

    internal static readonly SearchValues<byte> HostName =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-."u8);

    // paramchar = param-unreserved / unreserved / escaped
    internal static readonly SearchValues<byte> Param =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()%[]/:&+$"u8);

    // hname / hvalue = *( hnv-unreserved / unreserved / escaped )
    internal static readonly SearchValues<byte> HeaderChar =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.!~*'()%[]/?:+$"u8);

    // word, used by Call-ID.
    internal static readonly SearchValues<byte> Word =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~()<>:\\\"/[]?{}"u8);

    internal static readonly SearchValues<byte> SchemeChar =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-."u8);

    internal static readonly SearchValues<byte> TelChar =
        SearchValues.Create("0123456789abcdefABCDEF*#+-.()pwPW"u8);

    internal static bool IsWhitespace(byte b) => b is (byte)' ' or (byte)'\t';

    internal static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    internal static bool IsAlpha(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    internal static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    internal static bool IsAllToken(ReadOnlySpan<byte> value) =>
        !value.IsEmpty && value.IndexOfAnyExcept(Token) < 0;
}
