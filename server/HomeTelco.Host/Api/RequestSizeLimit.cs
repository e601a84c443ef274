using Microsoft.AspNetCore.Http.Metadata;

namespace HomeTelco.Host.Api;

/// <summary>
/// Endpoint metadata that raises (or lowers) Kestrel's body-size limit for one route; the MVC
/// attribute would do the same but pulls the MVC assemblies into a box that has no controllers.
/// </summary>
internal sealed class RequestSizeLimit(long bytes) : IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = bytes;
}
