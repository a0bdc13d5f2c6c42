using Akka.Actor;
using Akka.Event;

namespace Encryptio.Messages.Serialization.Hardening;

/// <summary>
/// What a lifecycle message from the network becomes. It implements <see cref="IPossiblyHarmful"/>,
/// so Akka.Remote in untrusted mode drops it before it reaches any actor or mailbox; outside
/// untrusted mode an actor sees it as an ordinary unhandled message. Carries only what is safe to
/// log: the serializer, the manifest (cut short) and why it was refused.
/// </summary>
public sealed record NeutralizedMessage(int SerializerId, string Manifest, string Reason)
    : IPossiblyHarmful, IDeadLetterSuppression
{
    private const int MaxManifestInLog = 160;

    internal static NeutralizedMessage Of(int serializerId, string? manifest, string reason) =>
        new(serializerId, Shorten(manifest ?? ""), reason);

    private static string Shorten(string manifest) =>
        manifest.Length <= MaxManifestInLog ? manifest : manifest[..MaxManifestInLog] + "...";
}
