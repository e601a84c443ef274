using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// RFC 3261 §16.7 step 6: the final response to send upstream once every branch has its outcome. A 6xx wins; otherwise
/// the lowest class, and within it the answer that says most (a challenge or busy before "not available", and those
/// before a timeout or a cancelled branch). A branch given up on counts as 408, one the transport could not reach as
/// 480; a lone 503 becomes 500, because a 503 would tell the caller this proxy itself is out of service.
/// </summary>
internal static class ProxyBestResponse
{
    /// <summary>The response to send, without this proxy's Via; <paramref name="request"/> is the server transaction's.</summary>
    public static SipMessage Choose(IReadOnlyList<ProxyBranch> branches, SipMessage request)
    {
        ProxyBranch? best = null;
        var bestStatus = 0;
        foreach (var branch in branches)
        {
            var status = StatusOf(branch);
            if (best is null || Better(status, bestStatus))
            {
                best = branch;
                bestStatus = status;
            }
        }

        if (best?.Final is not { } final || final.StatusCode != bestStatus)
        {
            return SipResponseBuilder.CreateResponse(request, bestStatus == 0 ? 408 : bestStatus);
        }

        if (bestStatus == 503)
        {
            return SipResponseBuilder.CreateResponse(request, 500);
        }

        var response = ProxyMessages.WithoutTopVia(final);
        if (bestStatus is 401 or 407)
        {
            AggregateChallenges(response, best, branches);
        }

        return response;
    }

    /// <summary>What a branch's outcome counts as.</summary>
    private static int StatusOf(ProxyBranch branch)
    {
        if (branch.Transaction is { TransportFailed: true })
        {
            return 480;
        }

        if (branch.Final is not { } final || branch.Transaction is { TimedOut: true } || (branch.TimedOut && final.StatusCode == 487))
        {
            return 408;
        }

        return final.StatusCode;
    }

    private static bool Better(int candidate, int current)
    {
        if (current >= 600 || candidate >= 600)
        {
            return current < 600 && candidate >= 600;
        }

        var candidateClass = candidate / 100;
        var currentClass = current / 100;
        return candidateClass != currentClass ? candidateClass < currentClass : Rank(candidate) < Rank(current);
    }

    private static int Rank(int status) => status switch
    {
        // §16.7: answers that let the caller fix and resend the request come first.
        401 or 407 or 415 or 420 or 484 => 0,
        486 => 1,
        487 => 4,
        408 => 5,
        503 => 6,
        _ => 2,
    };

    /// <summary>§16.7 step 7: every challenge of every 401/407 goes into the one response, so the caller can answer them all.</summary>
    private static void AggregateChallenges(SipMessage response, ProxyBranch chosen, IReadOnlyList<ProxyBranch> branches)
    {
        foreach (var branch in branches)
        {
            if (branch == chosen || branch.Final is not { StatusCode: 401 or 407 } other)
            {
                continue;
            }

            foreach (var header in other.Headers)
            {
                if (header.Kind is SipHeaderKind.WwwAuthenticate or SipHeaderKind.ProxyAuthenticate)
                {
                    response.Headers.Add(header);
                }
            }
        }
    }
}
