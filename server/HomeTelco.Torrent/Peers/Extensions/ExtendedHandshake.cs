using System.Buffers;
using System.Net;
using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Peers.Extensions;

/// <summary>
/// The BEP 10 extended handshake (extended message id 0): which extensions the sender speaks and under
/// which message ids ("m"), plus its client name, listen port, request queue depth, the metadata size
/// (BEP 9) and the address it sees us at.
/// </summary>
internal sealed record ExtendedHandshake
{
    /// <summary>Most "m" entries we keep from a peer; real clients send fewer than twenty.</summary>
    public const int MaxExtensions = 64;

    /// <summary>Extension name to the sender's message id; 0 means the sender turned it off.</summary>
    public IReadOnlyDictionary<string, byte> Extensions { get; init; } = new Dictionary<string, byte>(StringComparer.Ordinal);

    /// <summary>"v": client name and version.</summary>
    public string? Client { get; init; }

    /// <summary>"p": the sender's TCP listen port.</summary>
    public int? ListenPort { get; init; }

    /// <summary>"reqq": how many outstanding requests the sender queues.</summary>
    public int? RequestQueue { get; init; }

    /// <summary>"metadata_size": bytes of the info dictionary (BEP 9).</summary>
    public long? MetadataSize { get; init; }

    /// <summary>"yourip": the address the sender sees us at (4 or 16 bytes).</summary>
    public IPAddress? YourIp { get; init; }

    /// <summary>The sender's id for <paramref name="name"/>, or 0 when it does not speak it.</summary>
    public byte IdOf(string name) => Extensions.TryGetValue(name, out var id) ? id : (byte)0;

    /// <summary>Decodes a handshake payload; false with a reason when it is not a dictionary. Unknown keys are ignored.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> payload, out ExtendedHandshake? handshake, out string? error)
    {
        handshake = null;
        if (!Bencode.TryDecode(payload, BencodeLimits.PeerMessage, out var value, out error))
        {
            error = "extended handshake: " + error;
            return false;
        }

        if (value is not BDictionary dictionary)
        {
            error = "extended handshake is not a dictionary";
            return false;
        }

        var extensions = new Dictionary<string, byte>(StringComparer.Ordinal);
        if (dictionary.TryGet<BDictionary>("m", out var m))
        {
            foreach (var (key, id) in m.Entries)
            {
                // Out-of-range ids are ignored rather than fatal: the peer still speaks BEP 3.
                if (extensions.Count < MaxExtensions && id is BInteger { Value: >= 0 and <= 255 } number)
                {
                    extensions[key.Text] = (byte)number.Value;
                }
            }
        }

        handshake = new ExtendedHandshake
        {
            Extensions = extensions,
            Client = dictionary.TryGet<BString>("v", out var v) && v.Bytes.Length <= 128 ? v.Text : null,
            ListenPort = dictionary.TryGet<BInteger>("p", out var p) && p.Value is > 0 and <= 65535 ? (int)p.Value : null,
            RequestQueue = dictionary.TryGet<BInteger>("reqq", out var q) && q.Value is > 0 and <= 100_000 ? (int)q.Value : null,
            MetadataSize = dictionary.TryGet<BInteger>("metadata_size", out var size) && size.Value > 0 ? size.Value : null,
            YourIp = dictionary.TryGet<BString>("yourip", out var ip) && ip.Bytes.Length is 4 or 16 ? new IPAddress(ip.Bytes.Span) : null,
        };
        return true;
    }

    /// <summary>Encodes this handshake canonically into <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        var writer = new BencodeWriter(output);
        writer.BeginDictionary();
        writer.String("m");
        writer.BeginDictionary();
        foreach (var (name, id) in Extensions.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.String(name);
            writer.Integer(id);
        }

        writer.End();
        if (MetadataSize is { } metadataSize)
        {
            writer.String("metadata_size");
            writer.Integer(metadataSize);
        }

        if (ListenPort is { } port)
        {
            writer.String("p");
            writer.Integer(port);
        }

        if (RequestQueue is { } reqq)
        {
            writer.String("reqq");
            writer.Integer(reqq);
        }

        if (Client is { } client)
        {
            writer.String("v");
            writer.String(client);
        }

        if (YourIp is { } yourIp)
        {
            writer.String("yourip");
            writer.String(yourIp.GetAddressBytes());
        }

        writer.End();
    }

    /// <summary>The encoded handshake as a new array (sent once per connection).</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }
}
