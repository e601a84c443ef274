using System.Buffers;
using System.Text;
using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Tests.Bencoding;

public sealed class BencodeTests
{
    public static TheoryData<string, long> Integers => new()
    {
        { "i0e", 0 },
        { "i42e", 42 },
        { "i-42e", -42 },
        { "i9223372036854775807e", long.MaxValue },
        { "i-9223372036854775808e", long.MinValue },
    };

    public static TheoryData<string, string> Invalid => new()
    {
        { "", "offset 0: no value" },
        { "i03e", "offset 0: integer with leading zero" },
        { "i-0e", "offset 0: integer is negative zero" },
        { "i-03e", "offset 0: integer is negative zero" },
        { "ie", "offset 0: integer without digits" },
        { "i-e", "offset 0: integer without digits" },
        { "i12", "offset 0: the data ends inside an integer" },
        { "i1x2e", "offset 2: unexpected 'x' inside an integer" },
        { "i+1e", "offset 1: unexpected '+' inside an integer" },
        { "i9223372036854775808e", "offset 0: integer does not fit in 64 bits" },
        { "i-9223372036854775809e", "offset 0: integer does not fit in 64 bits" },
        { "i99999999999999999999999e", "offset 0: integer does not fit in 64 bits" },
        { "03:abc", "offset 0: string length with leading zero" },
        { "5:abc", "offset 0: string of 5 bytes runs past the end of the data (3 bytes left)" },
        { "3abc", "offset 1: unexpected 'a' where ':' should end a string length" },
        { "12", "offset 0: the data ends inside a string length" },
        { "-3:abc", "offset 0: unexpected '-' where a value should start" },
        { "l", "offset 1: the data ends inside the list that starts at offset 0" },
        { "li1e", "offset 4: the data ends inside the list that starts at offset 0" },
        { "d1:ai1e", "offset 7: the data ends inside the dictionary that starts at offset 0" },
        { "e", "offset 0: unexpected 'e' where a value should start" },
        { "di1ei2ee", "offset 1: a dictionary key must be a byte string, found unexpected 'i'" },
        { "d1:ae", "offset 4: dictionary key 'a' has no value" },
        { "d1:bi1e1:ai2ee", "offset 7: dictionary key 'a' is out of order after 'b'" },
        { "d1:ai1e1:ai2ee", "offset 7: duplicate dictionary key 'a'" },
        { "d2:abi1e1:bi2e1:ai3ee", "offset 14: dictionary key 'a' is out of order after 'b'" },
        { "i1ei2e", "offset 3: 3 bytes of trailing data after the value" },
        { "4:spam ", "offset 6: 1 bytes of trailing data after the value" },
        { "x", "offset 0: unexpected 'x' where a value should start" },
        { "l\u0001e", "offset 1: unexpected byte 0x01 where a value should start" },
    };

    [Theory]
    [MemberData(nameof(Integers))]
    public void Integers_decode_to_their_value(string text, long expected)
    {
        var value = Decode(text);
        Assert.Equal(expected, Assert.IsType<BInteger>(value).Value);
        Assert.Equal(text, Encoding.ASCII.GetString(value.Raw.Span));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Bad_input_is_refused_with_the_offset_and_the_reason(string text, string expected)
    {
        Assert.False(Bencode.TryDecode(Encoding.Latin1.GetBytes(text), BencodeLimits.Default, out var value, out var error));
        Assert.Null(value);
        Assert.NotNull(error);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_keep_raw_bytes_and_decode_as_utf8()
    {
        var value = Assert.IsType<BString>(Decode("6:h\u00c3\u00a9llo"));
        Assert.Equal("héllo", value.Text);
        Assert.Equal(6, value.Bytes.Length);
        Assert.Equal(8, value.Raw.Length);
        Assert.Equal(0, Assert.IsType<BString>(Decode("0:")).Bytes.Length);
    }

    [Fact]
    public void Binary_strings_are_kept_byte_for_byte()
    {
        byte[] data = [(byte)'3', (byte)':', 0x00, 0xFF, 0x80];
        Assert.True(Bencode.TryDecode(data, BencodeLimits.Default, out var value, out _));
        Assert.Equal(new byte[] { 0x00, 0xFF, 0x80 }, Assert.IsType<BString>(value).Bytes.ToArray());
    }

    [Fact]
    public void Dictionaries_and_lists_nest_and_raw_slices_point_into_the_source()
    {
        const string text = "d4:infod6:lengthi5e4:name1:xe4:listl3:onei2eee";
        var root = Assert.IsType<BDictionary>(Decode(text));
        Assert.True(root.TryGet<BDictionary>("info", out var info));
        Assert.Equal("d6:lengthi5e4:name1:xe", Encoding.ASCII.GetString(info.Raw.Span));
        Assert.Equal(5, Assert.IsType<BInteger>(info["length"]).Value);
        Assert.Null(info["missing"]);
        Assert.False(root.TryGet<BInteger>("info", out _));
        var list = Assert.IsType<BList>(root["list"]);
        Assert.Equal("one", Assert.IsType<BString>(list.Items[0]).Text);
        Assert.Equal(2, Assert.IsType<BInteger>(list.Items[1]).Value);
        Assert.Equal(["info", "list"], root.Entries.Select(e => e.Key.Text));
    }

    [Fact]
    public void Keys_sort_by_raw_bytes_not_by_text_rules()
    {
        // 'Z' (0x5A) sorts before 'a' (0x61), and a prefix before its extensions.
        var root = Assert.IsType<BDictionary>(Decode("d1:Zi1e1:ai2e2:aai3ee"));
        Assert.Equal(1, Assert.IsType<BInteger>(root["Z"]).Value);
        Assert.Equal(3, Assert.IsType<BInteger>(root["aa"]).Value);
    }

    [Fact]
    public void Unsorted_keys_are_allowed_only_when_the_limits_say_so_and_the_first_repeat_wins()
    {
        var data = Encoding.ASCII.GetBytes("d1:bi1e1:ai2e1:bi3ee");
        Assert.False(Bencode.TryDecode(data, BencodeLimits.Default, out _, out _));
        Assert.True(Bencode.TryDecode(data, BencodeLimits.PeerMessage, out var value, out _));
        var root = Assert.IsType<BDictionary>(value);
        Assert.Equal(1, Assert.IsType<BInteger>(root["b"]).Value);
        Assert.Equal(2, Assert.IsType<BInteger>(root["a"]).Value);
    }

    [Fact]
    public void A_tracker_answer_with_unsorted_keys_as_chihaya_writes_it_is_read_leniently()
    {
        var answer = Encoding.ASCII.GetBytes("d8:intervali1800e5:peers0:8:completei5e10:incompletei2ee");
        Assert.False(Bencode.TryDecode(answer, BencodeLimits.Default, out _, out _));
        Assert.True(Bencode.TryDecode(answer, BencodeLimits.TrackerResponse, out var value, out _));
        var root = Assert.IsType<BDictionary>(value);
        Assert.Equal(5, Assert.IsType<BInteger>(root["complete"]).Value);
        Assert.Equal(1800, Assert.IsType<BInteger>(root["interval"]).Value);
        Assert.Null(root["min interval"]);
    }

    [Fact]
    public void Limits_on_depth_items_and_string_length_are_enforced()
    {
        var limits = new BencodeLimits(MaxDepth: 3, MaxItems: 5, MaxStringLength: 4);
        Assert.True(Bencode.TryDecode(Encoding.ASCII.GetBytes("llleee"), limits, out _, out _));
        Assert.False(Bencode.TryDecode(Encoding.ASCII.GetBytes("lllleeee"), limits, out _, out var error));
        Assert.Equal("offset 3: nesting deeper than the limit of 3", error);
        Assert.True(Bencode.TryDecode(Encoding.ASCII.GetBytes("li1ei2ei3ei4ee"), limits, out _, out _));
        Assert.False(Bencode.TryDecode(Encoding.ASCII.GetBytes("li1ei2ei3ei4ei5ee"), limits, out _, out error));
        Assert.Equal("offset 13: more than the limit of 5 values", error);
        Assert.True(Bencode.TryDecode(Encoding.ASCII.GetBytes("4:spam"), limits, out _, out _));
        Assert.False(Bencode.TryDecode(Encoding.ASCII.GetBytes("5:spams"), limits, out _, out error));
        Assert.Equal("offset 0: string longer than the limit of 4 bytes", error);
        Assert.False(Bencode.TryDecode(Encoding.ASCII.GetBytes("99999999999999999999999:x"), BencodeLimits.Default, out _, out error));
        Assert.StartsWith("offset 0: string longer than the limit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Deep_nesting_far_beyond_the_limit_is_refused_without_recursion()
    {
        var deep = Encoding.ASCII.GetBytes(new string('l', 1_000_000) + new string('e', 1_000_000));
        Assert.False(Bencode.TryDecode(deep, BencodeLimits.Default, out _, out var error));
        Assert.Equal("offset 32: nesting deeper than the limit of 32", error);
    }

    [Fact]
    public void Prefix_decoding_leaves_the_rest_for_the_caller()
    {
        var data = Encoding.ASCII.GetBytes("d8:msg_typei1e5:piecei0eeRAWBYTES");
        Assert.True(Bencode.TryDecodePrefix(data, BencodeLimits.PeerMessage, out var value, out var consumed, out _));
        Assert.IsType<BDictionary>(value);
        Assert.Equal("RAWBYTES", Encoding.ASCII.GetString(data, consumed, data.Length - consumed));
        Assert.False(Bencode.TryDecode(data, BencodeLimits.PeerMessage, out _, out _));
    }

    [Fact]
    public void Writer_output_decodes_back_to_the_same_values_and_bytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new BencodeWriter(buffer);
        writer.BeginDictionary();
        writer.String("a");
        writer.Integer(long.MinValue);
        writer.String("b");
        writer.BeginList();
        writer.String([0x00, 0xFF]);
        writer.String("héllo");
        writer.Integer(0);
        writer.BeginDictionary();
        writer.End();
        writer.End();
        writer.String("c");
        writer.Integer(long.MaxValue);
        writer.End();
        Assert.True(writer.IsComplete);

        var bytes = buffer.WrittenMemory;
        Assert.True(Bencode.TryDecode(bytes, BencodeLimits.Default, out var value, out var error), error);
        var root = Assert.IsType<BDictionary>(value);
        Assert.Equal(long.MinValue, Assert.IsType<BInteger>(root["a"]).Value);
        Assert.Equal(long.MaxValue, Assert.IsType<BInteger>(root["c"]).Value);
        var list = Assert.IsType<BList>(root["b"]);
        Assert.Equal(new byte[] { 0x00, 0xFF }, Assert.IsType<BString>(list.Items[0]).Bytes.ToArray());
        Assert.Equal("héllo", Assert.IsType<BString>(list.Items[1]).Text);
        Assert.Equal(0, Assert.Single(list.Items.OfType<BDictionary>()).Count);

        var again = new ArrayBufferWriter<byte>();
        new BencodeWriter(again).Value(root);
        Assert.Equal(bytes.ToArray(), again.WrittenMemory.ToArray());
    }

    [Fact]
    public void Writer_refuses_keys_out_of_order_duplicates_and_unbalanced_calls()
    {
        var writer = new BencodeWriter(new ArrayBufferWriter<byte>());
        writer.BeginDictionary();
        writer.String("b");
        writer.Integer(1);
        Assert.Throws<InvalidOperationException>(() => writer.String("a"));
        Assert.Throws<InvalidOperationException>(() => writer.String("b"));
        Assert.Throws<InvalidOperationException>(() => writer.Integer(2));
        writer.String("c");
        Assert.Throws<InvalidOperationException>(() => writer.End());
        writer.Integer(3);
        writer.End();
        Assert.Throws<InvalidOperationException>(() => writer.End());
        Assert.Throws<InvalidOperationException>(() => writer.Integer(4));
    }

    [Fact]
    public void Writer_writes_at_the_buffer_position_without_touching_other_bytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("XY"u8);
        var writer = new BencodeWriter(buffer);
        writer.BeginList();
        writer.String("spam");
        writer.Integer(-7);
        writer.End();
        Assert.Equal("XYl4:spami-7ee", Encoding.ASCII.GetString(buffer.WrittenSpan));
    }

    private static BValue Decode(string text)
    {
        var data = Encoding.Latin1.GetBytes(text);
        Assert.True(Bencode.TryDecode(data, BencodeLimits.Default, out var value, out var error), error);
        return value!;
    }
}
