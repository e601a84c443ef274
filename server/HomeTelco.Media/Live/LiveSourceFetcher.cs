using System.IO.Compression;
using System.Net;
using System.Text;

namespace HomeTelco.Media.Live;

/// <summary>
/// Fetches an IPTV provider's M3U playlist or XMLTV guide from its URL: http or https only, a bounded time and size,
/// gzip either as transfer encoding or as the file itself (guides are often served as .xml.gz). Failures come back as
/// <see cref="FormatException"/> with a reason a person can act on.
/// </summary>
public sealed class LiveSourceFetcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly int _maxBytes;

    /// <param name="maxBytes">Largest playlist or guide accepted, after decompression.</param>
    /// <param name="timeout">Time allowed for one fetch.</param>
    public LiveSourceFetcher(int maxBytes, TimeSpan timeout)
    {
        _maxBytes = maxBytes;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            MaxAutomaticRedirections = 5,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        })
        {
            Timeout = timeout,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("HomeTelco/0.1");
    }

    /// <summary>The text at <paramref name="url"/>, decoded as UTF-8.</summary>
    /// <exception cref="FormatException">Not http(s), unreachable, an error status, too large, or not text.</exception>
    public async Task<string> FetchTextAsync(string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new FormatException($"'{url}' is not an http or https link.");
        }

        byte[] body;
        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new FormatException($"{uri.Host} answered {(int)response.StatusCode} {response.ReasonPhrase} for {uri.AbsolutePath}.");
            }

            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                body = await ReadBoundedAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HttpRequestException e)
        {
            throw new FormatException($"{uri.Host} could not be reached: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new FormatException($"{uri.Host} did not answer within {_http.Timeout.TotalSeconds:0} s.", e);
        }

        if (body.Length >= 2 && body[0] == 0x1f && body[1] == 0x8b)
        {
            // A gzip file served as such (guide.xml.gz), not as a transfer encoding the handler already undid.
            using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            try
            {
                body = await ReadBoundedAsync(gzip, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                throw new FormatException($"{uri.AbsolutePath} looks gzipped but does not decompress: {e.Message}", e);
            }
        }

        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"{uri.AbsolutePath} is not UTF-8 text.", e);
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<byte[]> ReadBoundedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (copy.Length + read > _maxBytes)
            {
                throw new FormatException($"The playlist or guide is larger than {_maxBytes / 1024 / 1024} MiB.");
            }

            copy.Write(buffer.AsSpan(0, read));
        }

        return copy.ToArray();
    }
}
