using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Messages;

/// Typed, on-demand views of the headers a proxy, registrar and transaction layer read. Nothing is cached: callers
/// that need a value twice keep it.
internal static class SipMessageHeaders
{
    /// Every via-parm, topmost first, across all Via header fields (a field may carry several, comma-separated).
    public static SipSyntaxResult<List<SipVia>> GetVias(this SipMessage message)
    {
        var list = new List<SipVia>(4);
        foreach (var header in message.Headers.OfKind(SipHeaderKind.Via))
        {
            var result = SipViaParser.Parse(header.RawValue.Span, list);
            if (!result.IsSuccess)
            {
                return result;
            }
        }

        // The validator parses every Via first; the top one need not be parsed again by whoever asks for it next.
        if (list.Count > 0)
        {
            message.Headers.CachedTopVia ??= list[0];
        }

        return SipSyntaxResult<List<SipVia>>.Ok(list);
    }

    public static SipSyntaxResult<SipVia> GetTopVia(this SipMessage message)
    {
        var headers = message.Headers;
        if (headers.CachedTopVia is { } cached)
        {
            return SipSyntaxResult<SipVia>.Ok(cached);
        }

        if (!headers.TryGetFirst(SipHeaderKind.Via, out var header))
        {
            return SipSyntaxResult<SipVia>.Fail("No Via header", 0);
        }

        var result = SipViaParser.Parse(header.RawValue.Span);
        if (!result.IsSuccess)
        {
            return SipSyntaxResult<SipVia>.Fail(result.Error, result.Offset);
        }

        headers.CachedTopVia = result.Value[0];
        return SipSyntaxResult<SipVia>.Ok(result.Value[0]);
    }

    public static SipSyntaxResult<SipNameAddress> GetFrom(this SipMessage message) => Single(message, SipHeaderKind.From);

    public static SipSyntaxResult<SipNameAddress> GetTo(this SipMessage message)
    {
        if (message.Headers.CachedTo is { } cached)
        {
            return SipSyntaxResult<SipNameAddress>.Ok(cached);
        }

        var result = Single(message, SipHeaderKind.To);
        if (result.IsSuccess)
        {
            message.Headers.CachedTo = result.Value;
        }

        return result;
    }

    public static SipSyntaxResult<List<SipNameAddress>> GetContacts(this SipMessage message) =>
        List(message, SipHeaderKind.Contact, allowWildcard: true, requireBrackets: false);

    public static SipSyntaxResult<List<SipNameAddress>> GetRoutes(this SipMessage message) =>
        List(message, SipHeaderKind.Route, allowWildcard: false, requireBrackets: true);

    public static SipSyntaxResult<List<SipNameAddress>> GetRecordRoutes(this SipMessage message) =>
        List(message, SipHeaderKind.RecordRoute, allowWildcard: false, requireBrackets: true);

    public static SipSyntaxResult<SipCSeq> GetCSeq(this SipMessage message)
    {
        if (message.Headers.CachedCSeq is { } cached)
        {
            return SipSyntaxResult<SipCSeq>.Ok(cached);
        }

        if (!message.Headers.TryGetFirst(SipHeaderKind.CSeq, out var header))
        {
            return SipSyntaxResult<SipCSeq>.Fail("No CSeq header", 0);
        }

        var result = SipCSeq.Parse(header.RawValue.Span);
        if (result.IsSuccess)
        {
            message.Headers.CachedCSeq = result.Value;
        }

        return result;
    }

    public static string? GetCallId(this SipMessage message) =>
        message.Headers.TryGetFirst(SipHeaderKind.CallId, out var header) ? header.Value : null;

    /// False when absent or not 0-255.
    public static bool TryGetMaxForwards(this SipMessage message, out int hops)
    {
        hops = 0;
        return message.Headers.TryGetFirst(SipHeaderKind.MaxForwards, out var header)
            && SipScalarHeaders.TryParseMaxForwards(header.RawValue.Span, out hops);
    }

    public static bool TryGetContentLength(this SipMessage message, out uint length)
    {
        length = 0;
        return message.Headers.TryGetFirst(SipHeaderKind.ContentLength, out var header)
            && SipScalarHeaders.TryParseDeltaSeconds(header.RawValue.Span, out length);
    }

    /// False when absent or not a 32-bit delta-seconds (RFC 3261 §20.19 then says use the default).
    public static bool TryGetExpires(this SipMessage message, out uint seconds)
    {
        seconds = 0;
        return message.Headers.TryGetFirst(SipHeaderKind.Expires, out var header)
            && SipScalarHeaders.TryParseDeltaSeconds(header.RawValue.Span, out seconds);
    }

    public static bool TryGetMinExpires(this SipMessage message, out uint seconds)
    {
        seconds = 0;
        return message.Headers.TryGetFirst(SipHeaderKind.MinExpires, out var header)
            && SipScalarHeaders.TryParseDeltaSeconds(header.RawValue.Span, out seconds);
    }

    /// Tokens of every header field of the kind (Require, Supported, Proxy-Require, Unsupported, Allow); null if malformed.
    /// <summary>Whether every header of the kind is a valid token list (absent counts as valid); no strings are made.</summary>
    public static bool HasValidTokens(this SipMessage message, SipHeaderKind kind)
    {
        foreach (var header in message.Headers.OfKind(kind))
        {
            if (!SipScalarHeaders.TryParseTokenList(header.RawValue.Span, null))
            {
                return false;
            }
        }

        return true;
    }

    public static List<string>? GetTokens(this SipMessage message, SipHeaderKind kind)
    {
        var list = new List<string>(4);
        foreach (var header in message.Headers.OfKind(kind))
        {
            if (!SipScalarHeaders.TryParseTokenList(header.RawValue.Span, list))
            {
                return null;
            }
        }

        return list;
    }

    /// All credentials or challenges of the kind (Authorization, Proxy-Authorization, WWW-Authenticate, Proxy-Authenticate).
    public static SipSyntaxResult<List<SipCredentials>> GetCredentials(this SipMessage message, SipHeaderKind kind)
    {
        var list = new List<SipCredentials>(1);
        foreach (var header in message.Headers.OfKind(kind))
        {
            var result = SipCredentials.Parse(header.RawValue.Span);
            if (!result.IsSuccess)
            {
                return SipSyntaxResult<List<SipCredentials>>.Fail(result.Error, result.Offset);
            }

            list.Add(result.Value);
        }

        return SipSyntaxResult<List<SipCredentials>>.Ok(list);
    }

    private static SipSyntaxResult<SipNameAddress> Single(SipMessage message, SipHeaderKind kind) =>
        message.Headers.TryGetFirst(kind, out var header)
            ? SipNameAddressParser.ParseSingle(header.RawValue.Span)
            : SipSyntaxResult<SipNameAddress>.Fail("Header missing", 0);

    private static SipSyntaxResult<List<SipNameAddress>> List(SipMessage message, SipHeaderKind kind, bool allowWildcard, bool requireBrackets)
    {
        var list = new List<SipNameAddress>(2);
        foreach (var header in message.Headers.OfKind(kind))
        {
            var result = SipNameAddressParser.ParseList(header.RawValue.Span, list, allowWildcard, requireBrackets);
            if (!result.IsSuccess)
            {
                return result;
            }
        }

        return SipSyntaxResult<List<SipNameAddress>>.Ok(list);
    }
}
