using System.Globalization;
using System.Net;
using System.Text;
using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// RFC 3261 §18.2.1 and RFC 3581 on an incoming request: the top Via gets <c>received</c> when the
/// packet came from another address than the Via claims (always when <c>rport</c> is asked for), and a
/// valueless <c>rport</c> gets the source port. This is what lets a phone behind NAT be answered at
/// the address its packets really come from.
/// </summary>
internal static class SipViaStamp
{
    // Room past the old value for ";received=" and the longest IPv6 text (with a scope id).
    private const int ReceivedRoom = 80;

    // Each parameter named rport may grow by this much when filled in: "rport" becomes "rport=65535". A hostile Via
    // can carry many.
    private const int RPortGrowth = 6;

    public static void Apply(SipMessage request, IPEndPoint source)
    {
        var index = request.Headers.IndexOf(SipHeaderKind.Via);
        if (index < 0)
        {
            return;
        }

        var top = request.GetTopVia();
        if (!top.IsSuccess)
        {
            return;
        }

        var via = top.Value!;
        var claimed = via.Host.AsSpan().Trim("[]");
        var addReceived = via.HasRPort || !IPAddress.TryParse(claimed, out var claimedIp) || !claimedIp.Equals(source.Address);
        var fillRPort = via.HasRPort && via.RPort is null;
        if (!addReceived && !fillRPort)
        {
            return;
        }

        // Rebuilt in bytes, straight into the new header's own buffer: every request from a phone behind NAT (and
        // every one asking for rport) comes through here.
        var header = request.Headers[index];
        var value = header.RawValue.Span;
        var split = FirstViaParmEnd(value);
        var viaParm = value[..split];
        var rebuilt = new byte[value.Length + ReceivedRoom + (RPortGrowth * viaParm.Count((byte)';'))];
        var length = 0;
        var first = true;
        while (true)
        {
            var end = ParamEnd(viaParm);
            var part = viaParm[..end];
            if (first)
            {
                length += Copy(SipCursor.Trim(part), rebuilt.AsSpan(length));
                first = false;
            }
            else
            {
                var param = SipCursor.Trim(part);
                var equals = param.IndexOf((byte)'=');
                var name = SipCursor.Trim(equals < 0 ? param : param[..equals]);
                if (!Ascii.EqualsIgnoreCase(name, "received"u8))
                {
                    rebuilt[length++] = (byte)';';
                    if (fillRPort && Ascii.EqualsIgnoreCase(name, "rport"u8))
                    {
                        length += Copy("rport="u8, rebuilt.AsSpan(length));
                        source.Port.TryFormat(rebuilt.AsSpan(length), out var written, default, CultureInfo.InvariantCulture);
                        length += written;
                    }
                    else
                    {
                        length += Copy(param, rebuilt.AsSpan(length));
                    }
                }
            }

            if (end == viaParm.Length)
            {
                break;
            }

            viaParm = viaParm[(end + 1)..];
        }

        if (addReceived)
        {
            length += Copy(";received="u8, rebuilt.AsSpan(length));
            source.Address.TryFormat(rebuilt.AsSpan(length), out var written);
            length += written;
        }

        length += Copy(value[split..], rebuilt.AsSpan(length));
        request.Headers.RemoveAt(index);
        request.Headers.Insert(index, new SipHeader(header.RawName, rebuilt.AsMemory(0, length), SipHeaderKind.Via));

        // What parsing the new header would give, built from the old parse: the transaction layer reads it next.
        // A scoped IPv6 source is left to the parser, which has the last word on what its text means.
        if (source.Address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6 || source.Address.ScopeId == 0)
        {
            request.Headers.CachedTopVia = Stamped(via, addReceived ? source.Address.ToString() : null, fillRPort ? source.Port : null);
        }
    }

    /// <summary>The top Via as the stamp rewrites it: received dropped, rport filled, the new received last.</summary>
    private static SipVia Stamped(SipVia via, string? received, int? rport)
    {
        var parameters = new List<SipParameter>(via.Parameters.Count + 1);
        foreach (var parameter in via.Parameters)
        {
            if (string.Equals(parameter.Name, "received", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            parameters.Add(rport is { } port && string.Equals(parameter.Name, "rport", StringComparison.OrdinalIgnoreCase)
                ? new SipParameter("rport", port.ToString(CultureInfo.InvariantCulture))
                : parameter);
        }

        if (received is not null)
        {
            parameters.Add(new SipParameter("received", received));
        }

        return new SipVia(via.ProtocolName, via.ProtocolVersion, via.Transport, via.Host, via.Port, parameters);
    }

    /// <summary>End of the first via-parm: the first comma outside quotes and IPv6 brackets.</summary>
    internal static int FirstViaParmEnd(ReadOnlySpan<byte> value) => IndexOutside(value, (byte)',');

    /// <summary>End of the parameter starting the span: the first semicolon outside quotes (and brackets).</summary>
    private static int ParamEnd(ReadOnlySpan<byte> viaParm) => IndexOutside(viaParm, (byte)';');

    /// <summary>
    /// The first <paramref name="separator"/> outside quoted strings (with their backslash escapes) and IPv6 brackets,
    /// or the length when there is none.
    /// </summary>
    private static int IndexOutside(ReadOnlySpan<byte> value, byte separator)
    {
        var bracket = false;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b == (byte)'"')
            {
                var close = SipQuoting.FindClosingQuote(value, i);
                if (close < 0)
                {
                    return value.Length;
                }

                i = close;
            }
            else if (b == (byte)'[')
            {
                bracket = true;
            }
            else if (b == (byte)']')
            {
                bracket = false;
            }
            else if (b == separator && !bracket)
            {
                return i;
            }
        }

        return value.Length;
    }

    private static int Copy(ReadOnlySpan<byte> from, Span<byte> to)
    {
        from.CopyTo(to);
        return from.Length;
    }
}
