using System.Text;
using SipLoad.Sip;

namespace SipLoad;

/// <summary>
/// Known-answer checks of the generator's own SIP code, run by bench/sip/run.sh before any measurement so a broken
/// generator cannot produce a table: the RFC 2617 §3.5 digest example, and the parsing of the headers it reads.
/// </summary>
internal static class SelfTest
{
    public static bool Run(TextWriter log)
    {
        var failures = 0;
        void Check(bool condition, string what)
        {
            if (!condition)
            {
                failures++;
                log.WriteLine($"selftest FAILED: {what}");
            }
        }

        // RFC 2617 §3.5: Mufasa / "Circle Of Life", GET /dir/index.html, nc=00000001, cnonce 0a4f113b.
        var challengeText = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""u8;
        Check(DigestChallenge.TryParse(challengeText, out var challenge), "RFC 2617 challenge parses");
        Check(challenge.IsMd5 && challenge.QopAuth && !challenge.Stale, "RFC 2617 challenge: MD5, qop auth, not stale");
        var client = new DigestClient("Mufasa", "Circle Of Life", "0a4f113b");
        Check(client.Take(challenge), "challenge taken");
        Span<byte> buffer = stackalloc byte[1024];
        var writer = new SipWriter(buffer);
        client.WriteHeader(ref writer, "Authorization", "GET", "/dir/index.html"u8);
        var header = Encoding.ASCII.GetString(writer.Written);
        Check(header.Contains("response=\"6629fae49393a05397450978507c4ef1\"", StringComparison.Ordinal), $"RFC 2617 response, got {header}");
        Check(header.Contains("nc=00000001", StringComparison.Ordinal), "first nc is 00000001");

        // The box offers SHA-256 first; the MD5 one must be recognised as such.
        Check(DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-256, qop=\"auth\""u8, out var sha) && !sha.IsMd5, "SHA-256 challenge is not MD5");
        Check(DigestChallenge.TryParse("Digest realm=\"r\", nonce=\"n\", algorithm=MD5, qop=\"auth\", stale=true"u8, out var stale) && stale.IsMd5 && stale.Stale, "stale MD5 challenge");

        var response = "SIP/2.0 200 OK\r\nv: SIP/2.0/UDP 127.0.0.1:5;branch=z9hG4bKx;rport=5\r\nTo: <sip:2001@h;transport=udp>;tag=abc\r\nCSeq: 7 INVITE\r\n"u8 +
            "Record-Route: <sip:1.2.3.4;lr>, <sip:5.6.7.8;lr>\r\nContent-Length: 4\r\n\r\nbody"u8;
        var reader = new SipHeaderReader(response);
        Check(SipText.TryStatus(reader.StartLine, out var status) && status == 200, "status line");
        var sawVia = false;
        Span<(int Start, int Length)> entries = stackalloc (int, int)[4];
        while (reader.Next(out var name, out var value, out _))
        {
            if (SipText.IsHeader(name, "Via"u8, (byte)'v'))
            {
                sawVia = SipText.Parameter(value, "branch"u8).SequenceEqual("z9hG4bKx"u8);
            }
            else if (SipText.IsHeader(name, "To"u8, (byte)'t'))
            {
                Check(SipText.Parameter(value, "tag"u8).SequenceEqual("abc"u8), "To tag after the URI");
                Check(SipText.Parameter(value, "transport"u8).IsEmpty, "URI parameters are not header parameters");
            }
            else if (SipText.IsHeader(name, "CSeq"u8))
            {
                Check(SipText.TryCSeq(value, out var cseq, out var method) && cseq == 7 && method.SequenceEqual("INVITE"u8), "CSeq");
            }
            else if (SipText.IsHeader(name, "Record-Route"u8))
            {
                var count = SipText.SplitAddresses(value, entries);
                Check(count == 2 && value.Slice(entries[1].Start, entries[1].Length).SequenceEqual("<sip:5.6.7.8;lr>"u8), "Record-Route split");
            }
        }

        Check(sawVia, "compact Via and its branch");
        Check(reader.Body.SequenceEqual("body"u8), "body after the empty line");
        log.WriteLine(failures == 0 ? "selftest passed" : $"selftest: {failures} failed");
        return failures == 0;
    }
}
