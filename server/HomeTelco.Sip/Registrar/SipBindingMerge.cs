using HomeTelco.Sip.Location;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Registrar;

/// <summary>
/// RFC 3261 §10.3 steps 6 and 7 as a pure function: an extension's current bindings and a REGISTER in, the new set
/// out, or null when the request must fail because it is older than what it would change (same Call-ID, CSeq not
/// higher: a delayed or reordered REGISTER must not undo a newer one).
/// </summary>
internal static class SipBindingMerge
{
    public static SipBinding[]? Apply(IReadOnlyList<SipBinding> current, SipRegisterRequest request)
    {
        if (request.IsWildcard)
        {
            foreach (var binding in current)
            {
                if (IsStale(binding, request))
                {
                    return null;
                }
            }

            return [];
        }

        var result = new List<SipBinding>(current.Count + request.Contacts.Count);
        result.AddRange(current);

        // Bindings this request already wrote carry its Call-ID and CSeq: a second contact matching one of them (the
        // same URI listed twice) updates it again instead of failing the ordering check against itself.
        var written = new List<SipBinding>(request.Contacts.Count);
        foreach (var contact in request.Contacts)
        {
            var index = Find(result, contact);
            if (index >= 0)
            {
                var existing = result[index];
                var writtenAt = IndexOfInstance(written, existing);
                if (writtenAt < 0 && IsStale(existing, request))
                {
                    return null;
                }

                if (writtenAt >= 0)
                {
                    written.RemoveAt(writtenAt);
                }

                if (contact.Expires == 0)
                {
                    result.RemoveAt(index);
                    continue;
                }

                var updated = Create(contact, request) with { Id = existing.Id };
                result[index] = updated;
                written.Add(updated);
            }
            else if (contact.Expires > 0)
            {
                var created = Create(contact, request);
                result.Add(created);
                written.Add(created);
            }
        }

        DropOldest(result, written, request.MaxContacts);
        return [.. result];
    }

    /// <summary>Same Call-ID and a CSeq that is not higher: the request predates the binding (§10.3 step 7).</summary>
    private static bool IsStale(SipBinding binding, SipRegisterRequest request) =>
        string.Equals(binding.CallId, request.CallId, StringComparison.Ordinal) && request.CSeq <= binding.CSeq;

    /// <summary>
    /// The binding a contact refers to: by instance and reg-id for an RFC 5626 registration (a new flow replaces the
    /// old one whatever its contact URI), else by URI equivalence (§19.1.4).
    /// </summary>
    private static int Find(List<SipBinding> bindings, SipRegisterContact contact)
    {
        if (contact.IsOutbound)
        {
            for (var i = 0; i < bindings.Count; i++)
            {
                if (bindings[i].RegId == contact.RegId && string.Equals(bindings[i].InstanceId, contact.InstanceId, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }
        }

        for (var i = 0; i < bindings.Count; i++)
        {
            var uri = bindings[i].ContactUri ?? Parse(bindings[i].Contact);
            if (uri is not null && uri.IsEquivalentTo(contact.Uri))
            {
                return i;
            }
        }

        return -1;
    }

    private static SipBinding Create(SipRegisterContact contact, SipRegisterRequest request) =>
        new(
            request.Number,
            contact.UriText,
            contact.Q,
            request.Now.AddSeconds(contact.Expires),
            request.CallId,
            request.CSeq,
            request.Flow,
            request.Path,
            request.UserAgent,
            contact.BehindNat,
            contact.InstanceId,
            contact.RegId)
        {
            RefreshedAt = request.Now,
            ContactUri = contact.Uri,
        };

    /// <summary>Keeps the extension within its limit by dropping the least recently refreshed bindings this request did not write.</summary>
    private static void DropOldest(List<SipBinding> bindings, List<SipBinding> written, int limit)
    {
        while (bindings.Count > limit)
        {
            var oldest = -1;
            for (var i = 0; i < bindings.Count; i++)
            {
                if (IndexOfInstance(written, bindings[i]) < 0 && (oldest < 0 || bindings[i].RefreshedAt < bindings[oldest].RefreshedAt))
                {
                    oldest = i;
                }
            }

            if (oldest < 0)
            {
                // Only this request's own contacts are left; the reader already refused more than the limit.
                return;
            }

            bindings.RemoveAt(oldest);
        }
    }

    /// <summary>Position of this very instance (records compare by value, which is not what is meant here).</summary>
    private static int IndexOfInstance(List<SipBinding> bindings, SipBinding binding)
    {
        for (var i = 0; i < bindings.Count; i++)
        {
            if (ReferenceEquals(bindings[i], binding))
            {
                return i;
            }
        }

        return -1;
    }

    private static SipUri? Parse(string contact)
    {
        var parsed = SipUriParser.Parse(System.Text.Encoding.UTF8.GetBytes(contact));
        return parsed.IsSuccess ? parsed.Value : null;
    }
}
