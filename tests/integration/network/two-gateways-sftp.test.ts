// The two-gateway story (two-gateway-flow.ts) over SFTP: each gateway reaches its mailbox at the provider through its
// own real OpenSSH sshd (tests/support/sftp-server.ts: its own host key, pinned in the gateway's configuration, and
// the gateway's own client key), which serves the hub's folders for that mailbox. Same assertions as over folders.
import { startSftpServer } from "../../support/sftp-server.js";
import type { VansTransportFixture } from "../../support/vans-network.js";
import { describeTwoGatewayFlow } from "./two-gateway-flow.js";

const sftp: VansTransportFixture = {
  name: "sftp",
  async connect(mailbox) {
    const server = await startSftpServer();
    const { host, port, username, privateKeyFile, hostKeySha256 } = server;
    return {
      transport: {
        transport: "sftp",
        host,
        port,
        username,
        privateKeyFile,
        hostKeySha256,
        outbox: mailbox.outbox,
        inbox: mailbox.inbox,
      },
      close: () => server.remove(),
    };
  },
};

describeTwoGatewayFlow(sftp);
