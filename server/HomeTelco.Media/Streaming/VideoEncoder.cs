using System.Globalization;

namespace HomeTelco.Media.Streaming;

/// <summary>An H.264 encoder ffmpeg can use: software (libx264) or one of the hardware ones a profile names.</summary>
internal sealed record VideoEncoder(string Name, IReadOnlyList<string> InputArguments, Func<int, IReadOnlyList<string>> OutputArgumentsFor)
{
    public static readonly VideoEncoder Software = new(
        "libx264",
        [],
        height => ["-vf", Scale("scale", height) + ",format=yuv420p", "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high"]);

    /// <summary>Hardware acceleration names accepted in a hardware profile.</summary>
    public static readonly string[] HardwareNames = ["vaapi", "qsv", "v4l2m2m"];

    public IReadOnlyList<string> OutputArguments(int height) => OutputArgumentsFor(height);

    /// <summary>The encoder for a profile's acceleration name, or null for none/unknown.</summary>
    public static VideoEncoder? Hardware(string acceleration) => acceleration switch
    {
        "vaapi" => new VideoEncoder(
            "h264_vaapi",
            ["-vaapi_device", "/dev/dri/renderD128"],
            height => ["-vf", "format=nv12,hwupload," + Scale("scale_vaapi", height), "-c:v", "h264_vaapi"]),
        "qsv" => new VideoEncoder(
            "h264_qsv",
            ["-init_hw_device", "qsv=hw", "-filter_hw_device", "hw"],
            height => ["-vf", Scale("scale", height) + ",format=nv12,hwupload=extra_hw_frames=64", "-c:v", "h264_qsv"]),
        "v4l2m2m" => new VideoEncoder(
            "h264_v4l2m2m",
            [],
            height => ["-vf", Scale("scale", height) + ",format=yuv420p", "-c:v", "h264_v4l2m2m"]),
        _ => null,
    };

    private static string Scale(string filter, int height) =>
        string.Create(CultureInfo.InvariantCulture, $"{filter}=w=-2:h={height}");
}
