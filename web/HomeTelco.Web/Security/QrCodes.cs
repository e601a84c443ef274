using QRCoder;

namespace HomeTelco.Web.Security;

/// <summary>QR codes as <c>data:</c> PNG URIs, which the portal's CSP allows without any script.</summary>
internal static class QrCodes
{
    public static string PngDataUri(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var png = new PngByteQRCode(data).GetGraphic(6);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }
}
