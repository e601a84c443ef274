using System.Globalization;
using System.Text;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;

namespace HomeTelco.Sip.Tests.Transport;

/// Small SIP messages for transport tests.
internal static class SipText
{
    public static string Options(string transport, string branch, int port = 5060, string body = "") =>
        $"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} 127.0.0.1:5999;branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:tester@example.invalid>;tag=t1\r\n" +
        "To: <sip:box@127.0.0.1>\r\n" +
        $"Call-ID: {branch}@test\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        string.Create(CultureInfo.InvariantCulture, $"Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n") +
        body;

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    public static SipMessage Parse(string text) => SipParser.Parse(Bytes(text), SipFraming.Stream).Message!;

    /// Reads one whole SIP message from a stream where only one is expected (see <see cref="SipStreamReaderForTests"/> for more).
    public static Task<string> ReadMessageAsync(Stream stream, CancellationToken cancellationToken) =>
        new SipStreamReaderForTests(stream).NextAsync(cancellationToken);
}
