"""``python -m cms.cluster start|stop|status [--state DIR]`` (``make cluster``)."""

import argparse
import json
import os

from . import Cluster, log


def main():
    parser = argparse.ArgumentParser(prog="python -m cms.cluster")
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument("--state", default=os.environ.get("CLUSTER_STATE_DIR", "var/cluster"))
    parser.add_argument("--database", default=os.environ.get("CLUSTER_DATABASE"))
    parser.add_argument("--no-demo", action="store_true", help="an empty site, no demo content")
    args = parser.parse_args()
    cluster = Cluster(args.state, database=args.database)
    if args.action == "start":
        try:
            urls = cluster.start(demo=not args.no_demo)
        except BaseException:
            log("start failed: stopping what was started")
            cluster.stop()
            raise
        width = max(map(len, urls))
        for name, url in urls.items():
            print(f"  {name:<{width}}  {url}")
        print(f"  state: {cluster.state_file}; stop with `make cluster-stop`")
    elif args.action == "stop":
        if not cluster.state.get("parts"):
            log(f"nothing running from {cluster.dir}")
            return
        cluster.stop()
    else:
        print(json.dumps(cluster.state.get("parts", {}), indent=2, default=str))


if __name__ == "__main__":
    main()
