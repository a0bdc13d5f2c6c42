using Akka.Actor;
using Encryptio.Messages.Identity;

namespace Encryptio.Directory;

/// <summary>Starts a directory's actors on an ActorSystem the Host made with NodeSystem.Create.</summary>
public static class DirectoryNode
{
    public const string GateName = "directory";
    public const string RegistryName = "registry";
    public const string ProposalsName = "proposals";
    public const string PeersName = "peers";

    /// <summary>
    /// Creates /user/registry, /user/proposals, /user/peers and, last, /user/directory, so no Register
    /// can arrive before the actors behind the gate exist. Returns the gate.
    /// </summary>
    public static IActorRef Start(ActorSystem system, DirectorySettings settings, AuthorityTrust trust)
    {
        settings.Validate();
        var registry = system.ActorOf(Registry.Props(), RegistryName);
        var proposals = system.ActorOf(Proposals.Props(settings, registry), ProposalsName);
        var peers = system.ActorOf(PeerLinks.Props(settings, trust, registry, proposals), PeersName);
        return system.ActorOf(DirectoryGate.Props(peers), GateName);
    }
}
