using System.Text;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Headers;

/// CSeq = 1*DIGIT LWS Method; the number must fit 32 bits unsigned (RFC 3261 §8.1.1.5).
internal sealed record SipCSeq(uint Number, string Method)
{
    public static SipSyntaxResult<SipCSeq> Parse(ReadOnlySpan<byte> value)
    {
        var digitsEnd = 0;
        while (digitsEnd < value.Length && SipChars.IsDigit(value[digitsEnd]))
        {
            digitsEnd++;
        }

        if (!SipCursor.TryParseDecimal(value[..digitsEnd], uint.MaxValue, out var number))
        {
            return SipSyntaxResult<SipCSeq>.Fail(digitsEnd == 0 ? "CSeq has no number" : "CSeq number exceeds 2^32-1", 0);
        }

        var methodStart = SipCursor.SkipWhitespace(value, digitsEnd);
        if (methodStart == digitsEnd || !SipChars.IsAllToken(value[methodStart..]))
        {
            return SipSyntaxResult<SipCSeq>.Fail("Malformed CSeq method", methodStart);
        }

        return SipSyntaxResult<SipCSeq>.Ok(new SipCSeq((uint)number, Encoding.ASCII.GetString(value[methodStart..])));
    }

    public override string ToString() => $"{Number.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Method}";
}
