using System.Buffers;
using HomeTelco.Torrent.Bencoding;
using HomeTelco.Torrent.Tests.Metainfo;

namespace HomeTelco.Torrent.Tests.Bencoding;

public sealed class BencodeFuzzTests
{
    private static readonly byte[] Structural = "ilde:0123456789-"u8.ToArray();

    [Fact]
    public void Twenty_thousand_mutations_of_a_real_torrent_never_throw_and_what_decodes_is_canonical()
    {
        using var temp = new TempFolder();
        ExternalTool.WriteFile(temp.File("content/a.bin"), 100_000, 1);
        ExternalTool.WriteFile(temp.File("content/sub/b.bin"), 40_000, 2);
        var torrentPath = temp.File("fuzz.torrent");
        ExternalTool.Run("mktorrent", ["-d", "-l", "15", "-a", "http://127.0.0.1:1/announce", "-c", "fuzz", "-o", torrentPath, temp.File("content")]);
        var original = File.ReadAllBytes(torrentPath);
        Assert.True(Bencode.TryDecode(original, BencodeLimits.Default, out _, out var firstError), firstError);

        var random = new Random(20261129);
        var accepted = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var mutated = Mutate(original, random);
            if (Bencode.TryDecode(mutated, BencodeLimits.Default, out var value, out var error))
            {
                accepted++;
                Assert.Equal(mutated.Length, value!.Raw.Length);
                Assert.Equal(mutated, Reencode(value));
            }
            else
            {
                Assert.StartsWith("offset ", error, StringComparison.Ordinal);
            }

            Bencode.TryDecodePrefix(mutated, BencodeLimits.PeerMessage, out _, out var consumed, out _);
            Assert.InRange(consumed, 0, mutated.Length);
        }

        // Flips inside piece hashes keep the file valid, so some mutations must decode and many must not.
        Assert.InRange(accepted, 1, 19_999);
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] = Structural[random.Next(Structural.Length)];
                    break;
                case 2:
                    bytes.Insert(at, Structural[random.Next(Structural.Length)]);
                    break;
                case 3:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 8)));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }

    // Walks the tree and writes it again with the writer, which only writes canonical bencoding.
    private static byte[] Reencode(BValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(new BencodeWriter(buffer), value);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(BencodeWriter writer, BValue value)
    {
        switch (value)
        {
            case BInteger integer:
                writer.Integer(integer.Value);
                break;
            case BString text:
                writer.String(text.Bytes.Span);
                break;
            case BList list:
                writer.BeginList();
                foreach (var item in list.Items)
                {
                    Write(writer, item);
                }

                writer.End();
                break;
            case BDictionary dictionary:
                writer.BeginDictionary();
                foreach (var entry in dictionary.Entries)
                {
                    writer.String(entry.Key.Bytes.Span);
                    Write(writer, entry.Value);
                }

                writer.End();
                break;
        }
    }
}
