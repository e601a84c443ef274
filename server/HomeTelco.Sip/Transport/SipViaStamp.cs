using System.Globalization;
using System.Net;
using System.Text;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// RFC 3261 §18.2.1 and RFC 3581 on an incoming request: the top Via gets <c>received</c> when the
/// packet came from another address than the Via claims (always when <c>rport</c> is asked for), and a
/// valueless <c>rport</c> gets the source port. This is what lets a phone behind NAT be answered at
/// the address its packets really come from.
/// </summary>
internal static class SipViaStamp
{
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
        var sourceIp = source.Address.ToString();
        var claimed = via.Host.Trim('[', ']');
        var addReceived = via.HasRPort || !IPAddress.TryParse(claimed, out var claimedIp) || !claimedIp.Equals(source.Address);
        var fillRPort = via.HasRPort && via.RPort is null;
        if (!addReceived && !fillRPort)
        {
            return;
        }

        var header = request.Headers[index];
        var value = header.Value;
        var split = FirstViaParmEnd(value);
        var parts = SplitParams(value[..split]);
        var rebuilt = new StringBuilder(value.Length + 40).Append(parts[0].TrimEnd());
        for (var i = 1; i < parts.Count; i++)
        {
            var param = parts[i].Trim();
            var name = param.Split('=', 2)[0].Trim();
            if (name.Equals("received", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (fillRPort && name.Equals("rport", StringComparison.OrdinalIgnoreCase))
            {
                param = string.Create(CultureInfo.InvariantCulture, $"rport={source.Port}");
            }

            rebuilt.Append(';').Append(param);
        }

        if (addReceived)
        {
            rebuilt.Append(";received=").Append(sourceIp);
        }

        rebuilt.Append(value.AsSpan(split));
        request.Headers.RemoveAt(index);
        request.Headers.Insert(index, new SipHeader(header.Name, rebuilt.ToString()));
    }

    /// <summary>End of the first via-parm: the first comma outside quotes and IPv6 brackets.</summary>
    internal static int FirstViaParmEnd(string value)
    {
        var quoted = false;
        var bracket = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\\' when quoted:
                    i++;
                    break;
                case '[' when !quoted:
                    bracket = true;
                    break;
                case ']' when !quoted:
                    bracket = false;
                    break;
                case ',' when !quoted && !bracket:
                    return i;
            }
        }

        return value.Length;
    }

    private static List<string> SplitParams(string viaParm)
    {
        var parts = new List<string>(6);
        var quoted = false;
        var start = 0;
        for (var i = 0; i < viaParm.Length; i++)
        {
            if (viaParm[i] == '"')
            {
                quoted = !quoted;
            }
            else if (viaParm[i] == '\\' && quoted)
            {
                i++;
            }
            else if (viaParm[i] == ';' && !quoted)
            {
                parts.Add(viaParm[start..i]);
                start = i + 1;
            }
        }

        parts.Add(viaParm[start..]);
        return parts;
    }
}
