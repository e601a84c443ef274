using System.Globalization;
using System.Text;

namespace HomeTelco.Sip.Tests.Transport;

/// The phone's side of a stream: splits what arrives into SIP messages by Content-Length, keeping what follows.
internal sealed class SipStreamReaderForTests(Stream stream)
{
    private readonly List<byte> _received = [];

    /// The next whole message, or what was left when the stream ended.
    public async Task<string> NextAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var text = Encoding.UTF8.GetString([.. _received]);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                var length = 0;
                foreach (var line in text[..end].Split("\r\n"))
                {
                    if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    {
                        length = int.Parse(line["Content-Length:".Length..].Trim(), CultureInfo.InvariantCulture);
                    }
                }

                var total = Encoding.UTF8.GetByteCount(text[..(end + 4)]) + length;
                if (_received.Count >= total)
                {
                    var message = Encoding.UTF8.GetString([.. _received.GetRange(0, total)]);
                    _received.RemoveRange(0, total);
                    return message;
                }
            }

            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return text;
            }

            _received.AddRange(buffer.AsSpan(0, read));
        }
    }
}
