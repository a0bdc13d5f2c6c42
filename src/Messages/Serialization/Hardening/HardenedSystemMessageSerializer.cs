using Akka.Actor;
using Akka.Dispatch.SysMsg;
using Akka.Remote.Serialization;
using Akka.Serialization;
using Akka.Util;

namespace Encryptio.Messages.Serialization.Hardening;

/// <summary>
/// Stands in for Akka's <see cref="SystemMessageSerializer"/> (id 22, alias <c>akka-system-msg</c>).
/// Outbound it is the original, byte for byte and with the same manifest (the type's qualified
/// name). Inbound it lets through only what remote DeathWatch needs, in the direction it needs it:
/// <list type="bullet">
/// <item><see cref="Watch"/> / <see cref="Unwatch"/> of one of our actors by a remote watcher;</item>
/// <item><see cref="DeathWatchNotification"/> about a remote actor.</item>
/// </list>
/// Everything else (Create, Recreate, Suspend, Resume, Terminate, Supervise, Failed, a Watch that
/// would make one of our actors watch something, a death notice about one of our own actors, bytes
/// that do not parse) becomes a <see cref="NeutralizedMessage"/>. It never throws on the way in: an
/// exception inside the acknowledged system-message stream fails the association and the message
/// is replayed on every reconnect.
/// </summary>
/// <remarks>
/// A string-manifest serializer on purpose: the original's manifest is a type name that Akka would
/// load before asking the serializer, and an unknown name would throw inside that stream. Here the
/// manifest is compared as a string and no type is ever looked up from the network.
/// </remarks>
public sealed class HardenedSystemMessageSerializer : SerializerWithStringManifest
{
    public const int Id = 22;

    private static readonly string WatchManifest = typeof(Watch).TypeQualifiedName();
    private static readonly string UnwatchManifest = typeof(Unwatch).TypeQualifiedName();
    private static readonly string DeathWatchNotificationManifest = typeof(DeathWatchNotification).TypeQualifiedName();

    private readonly SystemMessageSerializer _original;
    private readonly Neutralizer _neutralizer;

    public HardenedSystemMessageSerializer(ExtendedActorSystem system) : base(system)
    {
        _original = new SystemMessageSerializer(system);
        _neutralizer = new Neutralizer(system, Id, nameof(HardenedSystemMessageSerializer));
    }

    public override int Identifier => Id;

    public override byte[] ToBinary(object obj) => _original.ToBinary(obj);

    /// <summary>What Akka.Remote writes for the original (<c>IncludeManifest</c>): the type's qualified name.</summary>
    public override string Manifest(object o) => o.GetType().TypeQualifiedName();

    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            if (manifest == WatchManifest)
            {
                var watch = (Watch)_original.FromBinary(bytes, typeof(Watch));
                return IsLocal(watch.Watchee) && !IsLocal(watch.Watcher)
                    ? watch
                    : _neutralizer.Neutralize(manifest, "a Watch must be a remote actor watching one of ours");
            }
            if (manifest == UnwatchManifest)
            {
                var unwatch = (Unwatch)_original.FromBinary(bytes, typeof(Unwatch));
                return IsLocal(unwatch.Watchee) && !IsLocal(unwatch.Watcher)
                    ? unwatch
                    : _neutralizer.Neutralize(manifest, "an Unwatch must be a remote actor unwatching one of ours");
            }
            if (manifest == DeathWatchNotificationManifest)
            {
                var notification = (DeathWatchNotification)_original.FromBinary(bytes, typeof(DeathWatchNotification));
                return !IsLocal(notification.Actor)
                    ? notification
                    : _neutralizer.Neutralize(manifest, "a remote node cannot report the death of one of our actors");
            }
            return _neutralizer.Neutralize(manifest, "lifecycle system messages are not accepted from the network");
        }
        catch (Exception e)
        {
            return _neutralizer.Neutralize(manifest, "the system message does not parse", e);
        }
    }

    private static bool IsLocal(IActorRef? actor) => actor is IInternalActorRef { IsLocal: true };
}
