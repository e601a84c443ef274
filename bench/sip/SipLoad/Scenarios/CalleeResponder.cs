using SipLoad.Phones;
using SipLoad.Sip;

namespace SipLoad.Scenarios;

/// <summary>
/// The called phone, stateless: answers a forwarded INVITE at once with 100, 180 and 200 (with SDP and the
/// Record-Route copied, RFC 3261 §12.1.1), a BYE or anything else but ACK with 200. Every answer copies the Via
/// stack, From, To, Call-ID and CSeq of the request and goes back to the proxy it came from.
/// </summary>
internal sealed class CalleeResponder
{
    private const int MaxCopied = 4096;

    private readonly ScenarioContext _context;

    public CalleeResponder(ScenarioContext context)
    {
        _context = context;
    }

    public void OnRequest(Phone phone, ReadOnlySpan<byte> startLine, ref SipHeaderReader reader, ReadOnlySpan<byte> sdp)
    {
        var method = SipText.RequestMethod(startLine);
        if (method.SequenceEqual("ACK"u8))
        {
            return;
        }

        // The lines every answer repeats, gathered once: Via stack (in order), then From, To, Call-ID, CSeq.
        Span<byte> vias = stackalloc byte[MaxCopied];
        Span<byte> routes = stackalloc byte[MaxCopied];
        Span<byte> dialog = stackalloc byte[MaxCopied];
        var viaWriter = new SipWriter(vias);
        var routeWriter = new SipWriter(routes);
        var dialogWriter = new SipWriter(dialog);
        ReadOnlySpan<byte> to = [];
        while (reader.Next(out var name, out var value, out var line))
        {
            if (SipText.IsHeader(name, "Via"u8, (byte)'v'))
            {
                viaWriter.Append(line);
                viaWriter.Crlf();
            }
            else if (SipText.IsHeader(name, "Record-Route"u8))
            {
                routeWriter.Append(line);
                routeWriter.Crlf();
            }
            else if (SipText.IsHeader(name, "To"u8, (byte)'t'))
            {
                to = value;
            }
            else if (SipText.IsHeader(name, "From"u8, (byte)'f') || SipText.IsHeader(name, "Call-ID"u8, (byte)'i')
                || SipText.IsHeader(name, "CSeq"u8))
            {
                dialogWriter.Append(line);
                dialogWriter.Crlf();
            }
        }

        if (to.IsEmpty || viaWriter.Length == 0)
        {
            return;
        }

        if (method.SequenceEqual("INVITE"u8))
        {
            Answer(phone, 100, vias[..viaWriter.Length], [], dialog[..dialogWriter.Length], to, withTag: false, []);
            Answer(phone, 180, vias[..viaWriter.Length], routes[..routeWriter.Length], dialog[..dialogWriter.Length], to, withTag: true, []);
            Answer(phone, 200, vias[..viaWriter.Length], routes[..routeWriter.Length], dialog[..dialogWriter.Length], to, withTag: true, sdp);
        }
        else
        {
            Answer(phone, 200, vias[..viaWriter.Length], [], dialog[..dialogWriter.Length], to, withTag: true, []);
        }
    }

    private void Answer(Phone phone, int status, ReadOnlySpan<byte> vias, ReadOnlySpan<byte> routes, ReadOnlySpan<byte> dialog,
        ReadOnlySpan<byte> to, bool withTag, ReadOnlySpan<byte> sdp)
    {
        Span<byte> buffer = stackalloc byte[(3 * MaxCopied) + 1024];
        var w = new SipWriter(buffer);
        w.Append(status switch { 100 => "SIP/2.0 100 Trying\r\n"u8, 180 => "SIP/2.0 180 Ringing\r\n"u8, _ => "SIP/2.0 200 OK\r\n"u8 });
        w.Append(vias);
        w.Append(routes);
        w.Append(dialog);
        w.Append("To: "u8);
        w.Append(to);
        if (withTag && SipText.Parameter(to, "tag"u8).IsEmpty)
        {
            w.Append(";tag=a"u8);
            w.Append(phone.Index);
            w.Append("x"u8);
            w.Append(_context.RunId);
        }

        w.Crlf();
        if (status > 100)
        {
            w.Append("Contact: <sip:"u8);
            w.Append(phone.NumberBytes);
            w.Append("@"u8);
            w.Append(phone.HostPort);
            w.Append(">\r\n"u8);
        }

        if (!sdp.IsEmpty)
        {
            w.Append("Content-Type: application/sdp\r\n"u8);
        }

        w.Append("Content-Length: "u8);
        w.Append(sdp.Length);
        w.Append("\r\n\r\n"u8);
        w.Append(sdp);
        phone.Send(w.Written);
    }
}
