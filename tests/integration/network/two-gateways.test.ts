// The two-gateway story over the usual VANS client set-up: a pair of folders per gateway (two-gateway-flow.ts).
import { folderTransport } from "../../support/vans-network.js";
import { describeTwoGatewayFlow } from "./two-gateway-flow.js";

describeTwoGatewayFlow(folderTransport);
