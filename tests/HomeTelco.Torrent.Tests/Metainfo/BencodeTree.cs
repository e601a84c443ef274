using System.Buffers;
using System.Text;
using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Tests.Metainfo;

/// <summary>
/// Editable bencode for building hostile torrents: dictionaries are sorted maps keyed by Latin-1 strings (one char
/// per byte, so ordinal order is raw-byte order), strings are byte arrays or C# strings (written as UTF-8).
/// </summary>
internal static class BencodeTree
{
    public static SortedDictionary<string, object> Dict(params (string Key, object Value)[] entries)
    {
        var dict = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var (key, value) in entries)
        {
            dict[key] = value;
        }

        return dict;
    }

    public static List<object> List(params object[] items) => [.. items];

    public static byte[] Encode(object value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(new BencodeWriter(buffer), value);
        return buffer.WrittenSpan.ToArray();
    }

    public static object Decode(byte[] data)
    {
        Assert.True(Bencode.TryDecode(data, new BencodeLimits(MaxDepth: 100, MaxItems: 1_000_000, MaxStringLength: int.MaxValue), out var value, out var error), error);
        return ToTree(value!);
    }

    private static object ToTree(BValue value) => value switch
    {
        BInteger integer => integer.Value,
        BString text => text.Bytes.ToArray(),
        BList list => list.Items.Select(ToTree).ToList(),
        BDictionary dictionary => new SortedDictionary<string, object>(
            dictionary.Entries.ToDictionary(e => Encoding.Latin1.GetString(e.Key.Bytes.Span), e => ToTree(e.Value)),
            StringComparer.Ordinal),
        _ => throw new ArgumentException("Unknown value."),
    };

    private static void Write(BencodeWriter writer, object value)
    {
        switch (value)
        {
            case int number:
                writer.Integer(number);
                break;
            case long number:
                writer.Integer(number);
                break;
            case string text:
                writer.String(text);
                break;
            case byte[] bytes:
                writer.String(bytes);
                break;
            case List<object> list:
                writer.BeginList();
                list.ForEach(item => Write(writer, item));
                writer.End();
                break;
            case SortedDictionary<string, object> dict:
                writer.BeginDictionary();
                foreach (var (key, item) in dict)
                {
                    writer.String(Encoding.Latin1.GetBytes(key));
                    Write(writer, item);
                }

                writer.End();
                break;
            default:
                throw new ArgumentException($"Cannot bencode {value.GetType()}.");
        }
    }
}
